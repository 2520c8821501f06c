import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { MESSAGE_TYPES, PARTNER_TOPIC, type PartnerStateV1 } from '@accord/contracts';
import { PostgresEventStore } from '@accord/event-store';
import type { ReceivedMessage } from '@accord/messaging';
import { inInboxTransaction } from '@accord/platform';
import { checkParties, knownPartnersConsumer } from '../src/partners/known-partners';
import { AgreementServiceModule } from '../src/app.module';
import { agreementService } from '../src/service';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';

/**
 * The agreement service's copy of the partners, fed in the orders a dead-letter replay produces: an
 * older message after newer ones, a later message before the ones it follows. Whatever the order,
 * the copy ends as the partner is.
 */
describe("the agreement service's copy of the partners, whatever order messages come in", () => {
  let db: TestDatabase;
  let app: INestApplication;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('partner_copy');
    app = await bootService(agreementService, AgreementServiceModule, { DATABASE_URL: db.url });
    store = app.get(PostgresEventStore);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const deliver = (message: ReceivedMessage) =>
    store.dataSource.transaction((tx) => inInboxTransaction(knownPartnersConsumer.handle, store)(message, tx));

  /** One partner's history as the partner service publishes it: each message with the partner after it. */
  function history(partnerId: string) {
    const state: PartnerStateV1 = {
      name: 'Aalto Univ.',
      type: 'university',
      country: 'FI',
      tier: 'key',
      status: 'prospect',
    };
    const message = (version: number, type: string, fields: object, after: PartnerStateV1): ReceivedMessage => ({
      id: randomUUID(),
      type,
      key: partnerId,
      topic: PARTNER_TOPIC,
      partition: 0,
      offset: String(version),
      headers: {},
      payload: { partnerId, version, occurredAt: `2026-03-0${version}T09:00:00Z`, ...fields, partner: after },
    });
    const registered = message(1, MESSAGE_TYPES.partnerRegistered, { ...state }, state);
    const renamed = { ...state, name: 'Aalto University' };
    const rename = message(2, MESSAGE_TYPES.partnerProfileUpdated, { changes: { name: renamed.name } }, renamed);
    const archived = { ...renamed, status: 'archived' as const };
    const archive = message(3, MESSAGE_TYPES.partnerArchived, { status: 'archived', reason: null }, archived);
    return { registered, rename, archive };
  }

  const copyOf = async (partnerId: string) =>
    (
      await db.query<{ name: string; status: string; version: number }>(
        'SELECT name, status, version FROM agreement.known_partners WHERE partner_id = $1',
        [partnerId],
      )
    )[0];

  it('keeps a rename that was dead-lettered and replayed after a newer change', async () => {
    const partnerId = randomUUID();
    const { registered, rename, archive } = history(partnerId);
    for (const message of [registered, archive, rename]) await deliver(message);
    expect(await copyOf(partnerId)).toEqual({ name: 'Aalto University', status: 'archived', version: 3 });
  });

  it('does not bring back a prospect when a registration is replayed after the archive', async () => {
    const partnerId = randomUUID();
    const { registered, archive } = history(partnerId);
    for (const message of [archive, registered]) await deliver(message);
    expect(await copyOf(partnerId)).toEqual({ name: 'Aalto University', status: 'archived', version: 3 });
    // And so the archived partner cannot be a party to a new agreement.
    expect(await checkParties(store.dataSource.manager, [partnerId])).toEqual({ [partnerId]: 'archived' });
  });

  it('ends the same in every order of the three messages, replays included', async () => {
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
      [0, 2, 1, 0, 1],
    ];
    for (const order of orders) {
      const partnerId = randomUUID();
      const { registered, rename, archive } = history(partnerId);
      const messages = [registered, rename, archive];
      for (const i of order) await deliver(messages[i]);
      expect({ order, copy: await copyOf(partnerId) }).toEqual({
        order,
        copy: { name: 'Aalto University', status: 'archived', version: 3 },
      });
    }
  });

  it('still applies, in order, messages published before they carried the partner whole', async () => {
    const partnerId = randomUUID();
    const bare = Object.values(history(partnerId)).map((message) => {
      const { partner: _whole, ...payload } = message.payload as { partner: unknown };
      return { ...message, payload };
    });
    for (const message of bare) await deliver(message);
    expect(await copyOf(partnerId)).toEqual({ name: 'Aalto University', status: 'archived', version: 3 });
  });
});
