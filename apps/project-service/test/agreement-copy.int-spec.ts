import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { MESSAGE_TYPES, AGREEMENT_TOPIC, type AgreementStateV1 } from '@accord/contracts';
import { PostgresEventStore } from '@accord/event-store';
import type { ReceivedMessage } from '@accord/messaging';
import { inInboxTransaction } from '@accord/platform';
import { api } from '../../../test/support/auth';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import { ProjectServiceModule } from '../src/app.module';
import { knownAgreementsConsumer } from '../src/agreements/known-agreements.consumer';
import { projectService } from '../src/service';

/**
 * The project service's copy of the agreements, and its reaction to one ending, as the platform runs
 * them: in the inbox's transaction. Messages come in the orders a dead-letter replay produces, and a
 * batch can roll back after the reaction ran.
 */
describe("the project service's copy of the agreements and the reaction to their end", () => {
  let db: TestDatabase;
  let app: INestApplication;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('agreement_copy');
    app = await bootService(projectService, ProjectServiceModule, { DATABASE_URL: db.url });
    store = app.get(PostgresEventStore);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const handler = () => inInboxTransaction(knownAgreementsConsumer.handle, store);
  const deliver = (message: ReceivedMessage) => store.dataSource.transaction((tx) => handler()(message, tx));

  /** One agreement's history as the agreement service publishes it: each message with the agreement after it. */
  function history(agreementId: string, partnerId: string) {
    const drafted: AgreementStateV1 = {
      title: 'Aalto joint research',
      status: 'draft',
      partnerIds: [partnerId],
      effectiveDate: '2026-01-01',
      expiryDate: '2028-12-31',
    };
    const message = (version: number, type: string, fields: object, after: AgreementStateV1): ReceivedMessage => ({
      id: randomUUID(),
      type,
      key: agreementId,
      topic: AGREEMENT_TOPIC,
      partition: 0,
      offset: String(version),
      headers: {},
      payload: { agreementId, version, occurredAt: `2026-03-0${version}T09:00:00Z`, ...fields, agreement: after },
    });
    const retitled = { ...drafted, title: 'Aalto joint research on 6G' };
    const active = { ...retitled, status: 'active' as const };
    return {
      draft: message(1, MESSAGE_TYPES.agreementDrafted, { ...drafted }, drafted),
      retitle: message(2, MESSAGE_TYPES.agreementTermsRevised, { changes: { title: retitled.title } }, retitled),
      activate: message(3, MESSAGE_TYPES.agreementActivated, { status: 'active', activatedOn: '2026-03-03' }, active),
      terminate: message(
        4,
        MESSAGE_TYPES.agreementTerminated,
        { status: 'terminated', reason: 'funding ended', terminatedOn: '2026-03-04' },
        { ...active, status: 'terminated' },
      ),
    };
  }

  const copyOf = async (agreementId: string) =>
    (
      await db.query<{ title: string; status: string; version: number }>(
        'SELECT title, status, version FROM project.known_agreements WHERE agreement_id = $1',
        [agreementId],
      )
    )[0];
  const eventsOf = async (projectId: string) =>
    (
      await db.query<{ event_type: string }>(
        `SELECT event_type FROM project.events WHERE stream_id = $1 ORDER BY stream_version`,
        [`project-${projectId}`],
      )
    ).map((row) => row.event_type);

  it('ends as the agreement is in any order of arrival: a replayed older message changes nothing', async () => {
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [2, 0, 1],
      [1, 2, 0],
      [2, 1, 0, 1],
    ];
    for (const order of orders) {
      const agreementId = randomUUID();
      const { draft, retitle, activate } = history(agreementId, randomUUID());
      const messages = [draft, retitle, activate];
      for (const i of order) await deliver(messages[i]);
      expect({ order, copy: await copyOf(agreementId) }).toEqual({
        order,
        copy: { title: 'Aalto joint research on 6G', status: 'active', version: 3 },
      });
    }
  });

  it("commits the reaction to an agreement's end with the inbox, or not at all", async () => {
    const agreementId = randomUUID();
    const partnerId = randomUUID();
    const { draft, activate, terminate } = history(agreementId, partnerId);
    for (const message of [draft, activate]) await deliver(message);
    const proposal = {
      title: 'Aalto 6G testbed',
      agreementIds: [agreementId],
      leadPartnerIds: [partnerId],
      budget: { amount: 400_000, currency: 'EUR' },
    };
    const projectId = (await api(app).post('/projects').send(proposal).expect(201)).body.id as string;
    await api(app)
      .post(`/projects/${projectId}/gate-reviews`)
      .send({ gate: 'G1', decision: 'go', criteria: { fit: 4 } });
    const before = await eventsOf(projectId);

    // The termination is handled, then the rest of its batch fails: the transaction rolls back.
    const batchFailed = new Error('a later message of the batch failed');
    await expect(
      store.dataSource.transaction(async (tx) => {
        await handler()(terminate, tx);
        throw batchFailed;
      }),
    ).rejects.toBe(batchFailed);
    // Neither the copy nor the project moved: the redelivery finds both as they were.
    expect(await copyOf(agreementId)).toMatchObject({ status: 'active', version: 3 });
    expect(await eventsOf(projectId)).toEqual(before);

    // Redelivered, it is applied: the copy says terminated, and the project is flagged, once.
    await deliver(terminate);
    await deliver(terminate);
    expect(await copyOf(agreementId)).toMatchObject({ status: 'terminated', version: 4 });
    const after = await eventsOf(projectId);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).filter((type) => type === 'ProjectFlagged')).toEqual(['ProjectFlagged']);
  });
});
