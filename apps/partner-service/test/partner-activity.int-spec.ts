import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { PostgresEventStore } from '@accord/event-store';
import { MalformedMessageError, type ReceivedMessage } from '@accord/messaging';
import { dataSourceOptions, loadEnvironment, openDataSource } from '@accord/platform';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { partnerActivityConsumer } from '../src/partners/partner-activity/partner-activity.consumer';
import { partnerService } from '../src/service';

/**
 * The partner service's activity consumer, handler only, on a real database: what it makes of
 * agreement messages that arrive late (a dead letter replayed after later messages of its agreement)
 * or that are malformed. The inbox and the ordering per partition are the consumer's business, tested
 * in libs/messaging; a replay from the dead-letter topic is the one way an older message of an
 * agreement arrives after a newer one, and the inbox does not stop it (it was never applied).
 */
describe('partner activity from agreement messages that arrive late or malformed', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  // Only partnership.established reaches the store (to activate partners); these messages do not.
  const store = {} as PostgresEventStore;
  const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    db = await createTestDatabase('partner_activity');
    const env = loadEnvironment({ DATABASE_URL: db.url }, { PORT: '1', DB_SCHEMA: 'partner' }, 'tool');
    dataSource = await openDataSource(
      dataSourceOptions(env, { applicationName: 'activity-test', migrations: partnerService.migrations, entities: [] }),
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const message = (type: string, payload: unknown): ReceivedMessage => ({
    id: randomUUID(),
    type: `accord.agreement.${type}.v1`,
    key: null,
    topic: 'accord.agreements',
    partition: 0,
    offset: '0',
    payload,
    headers: {},
  });
  const apply = (m: ReceivedMessage) => dataSource.transaction((tx) => partnerActivityConsumer.handle(m, tx, store));
  const rows = (agreementId: string) =>
    db.query<{ partner_id: string; status: string; version: number }>(
      'SELECT partner_id, status, version FROM partner.partner_agreements WHERE agreement_id = $1 ORDER BY partner_id',
      [agreementId],
    );
  const sorted = <T extends { partner_id: string }>(list: T[]) =>
    [...list].sort((x, y) => x.partner_id.localeCompare(y.partner_id));

  it('keeps the parties of a revision when the draft before it is replayed afterwards', async () => {
    const agreementId = randomUUID();
    const drafted = message('drafted', {
      agreementId,
      version: 1,
      occurredAt: '2026-01-01T00:00:00Z',
      status: 'draft',
      title: 'Joint research',
      partnerIds: [a, b],
    });
    await apply(drafted);
    await apply(
      message('terms-revised', {
        agreementId,
        version: 2,
        occurredAt: '2026-01-02T00:00:00Z',
        changes: { partyIds: [a, c] },
      }),
    );
    // The draft again, as dlq-replay would bring it back: older than what is stored.
    await apply({ ...drafted, id: randomUUID() });
    expect(await rows(agreementId)).toEqual(
      sorted([
        { partner_id: a, status: 'draft', version: 2 },
        { partner_id: c, status: 'draft', version: 2 },
      ]),
    );
  });

  it('gives a party added in negotiation the status of the agreement, not "draft"', async () => {
    const agreementId = randomUUID();
    const base = { agreementId, occurredAt: '2026-01-01T00:00:00Z' };
    await apply(message('drafted', { ...base, version: 1, status: 'draft', title: 'MOU', partnerIds: [a] }));
    await apply(message('negotiation-started', { ...base, version: 2, status: 'in_negotiation' }));
    await apply(message('terms-revised', { ...base, version: 3, changes: { partyIds: [a, b] } }));
    expect(await rows(agreementId)).toEqual(
      sorted([
        { partner_id: a, status: 'in_negotiation', version: 3 },
        { partner_id: b, status: 'in_negotiation', version: 3 },
      ]),
    );
  });

  describe('last activity, by business date', () => {
    const lastActivity = async (partnerId: string) =>
      (
        await db.query<{ at: Date; what: string }>(
          'SELECT last_activity_at AS at, last_activity AS what FROM partner.partner_activity WHERE partner_id = $1',
          [partnerId],
        )
      ).map((row) => ({ at: row.at.toISOString(), what: row.what }))[0];
    const project = (type: string, payload: object): ReceivedMessage => ({
      ...message('drafted', payload),
      type: `accord.project.${type}.v1`,
      topic: 'accord.projects',
    });

    it("takes a back-dated signature's business date, not the day it was logged", async () => {
      const [partnerId, agreementId] = [randomUUID(), randomUUID()];
      const base = { agreementId, occurredAt: '2026-02-20T09:15:00.000Z' };
      await apply(
        message('drafted', { ...base, version: 1, status: 'draft', partnerIds: [partnerId], draftedOn: '2016-07-01' }),
      );
      expect(await lastActivity(partnerId)).toEqual({ at: '2016-07-01T00:00:00.000Z', what: 'agreement drafted' });
      await apply(message('signed-by-party', { ...base, version: 2, partyId: partnerId, signedOn: '2016-09-01' }));
      expect(await lastActivity(partnerId)).toEqual({
        at: '2016-09-01T00:00:00.000Z',
        what: 'agreement signed by party',
      });
    });

    it('does not let an earlier business date, logged later, overwrite a later activity', async () => {
      const [partnerId, agreementId, projectId] = [randomUUID(), randomUUID(), randomUUID()];
      await apply(
        project('proposed', {
          projectId,
          version: 1,
          occurredAt: '2026-01-05T10:00:00.000Z',
          stage: 'generate',
          status: 'active',
          leadPartnerIds: [partnerId],
          proposedOn: '2024-05-01',
        }),
      );
      // The 2016 alliance, typed in from a spreadsheet after the project was.
      const base = { agreementId, occurredAt: '2026-02-01T10:00:00.000Z' };
      await apply(
        message('drafted', { ...base, version: 1, status: 'draft', partnerIds: [partnerId], draftedOn: '2016-07-01' }),
      );
      await apply(message('signed-by-party', { ...base, version: 2, partyId: partnerId, signedOn: '2016-09-01' }));
      expect(await lastActivity(partnerId)).toEqual({ at: '2024-05-01T00:00:00.000Z', what: 'project proposed' });
      // A later act does move it.
      await apply(
        project('gate-decision-recorded', {
          projectId,
          version: 2,
          occurredAt: '2026-02-02T10:00:00.000Z',
          decision: 'go',
          decidedOn: '2025-11-30',
        }),
      );
      expect(await lastActivity(partnerId)).toEqual({
        at: '2025-11-30T00:00:00.000Z',
        what: 'project gate decision recorded',
      });
    });

    it('counts no paperwork, plan or scheduler note as activity with the partner', async () => {
      const [partnerId, agreementId] = [randomUUID(), randomUUID()];
      const base = { agreementId, occurredAt: '2026-02-20T09:15:00.000Z' };
      await apply(
        message('drafted', { ...base, version: 1, status: 'draft', partnerIds: [partnerId], draftedOn: '2016-07-01' }),
      );
      await apply(message('signed-by-party', { ...base, version: 2, partyId: partnerId, signedOn: '2016-09-01' }));
      await apply(message('submitted-for-review', { ...base, version: 3, status: 'in_review' }));
      await apply(
        message('obligation-added', {
          ...base,
          version: 4,
          obligationId: randomUUID(),
          kind: 'report',
          description: 'Annual report',
          dueDate: '2027-03-31',
        }),
      );
      await apply(
        message('renewal-window-opened', { ...base, version: 5, daysBeforeExpiry: 90, expiryDate: '2031-09-04' }),
      );
      expect(await lastActivity(partnerId)).toEqual({
        at: '2016-09-01T00:00:00.000Z',
        what: 'agreement signed by party',
      });
    });

    it('falls back to the recorded time for a message without a (valid) business date', async () => {
      const [partnerId, agreementId] = [randomUUID(), randomUUID()];
      const base = { agreementId, status: 'draft', partnerIds: [partnerId] };
      await apply(message('drafted', { ...base, version: 1, occurredAt: '2020-03-01T08:00:00.000Z' }));
      expect((await lastActivity(partnerId)).at).toBe('2020-03-01T08:00:00.000Z');
      await apply(
        message('drafted', { ...base, version: 2, occurredAt: '2021-03-01T08:00:00.000Z', draftedOn: '2021-02-30' }),
      );
      expect((await lastActivity(partnerId)).at).toBe('2021-03-01T08:00:00.000Z');
    });
  });

  it.each([
    ['without its agreement id', { version: 2, occurredAt: '2026-01-01T00:00:00Z', status: 'approved' }],
    ['with a version that is no number', { agreementId: randomUUID(), version: 'two', occurredAt: '2026-01-01' }],
    [
      'with parties that are no ids',
      { agreementId: randomUUID(), version: 1, occurredAt: '2026-01-01', partnerIds: ['x'] },
    ],
    ['that is no object', [1, 2, 3]],
  ])('refuses a message %s as malformed, writing nothing', async (_case, payload) => {
    const count = () =>
      db.query(
        'SELECT (SELECT count(*) FROM partner.partner_agreements) AS agreements, (SELECT count(*) FROM partner.partner_activity) AS activity',
      );
    const before = await count();
    await expect(apply(message('approved', payload))).rejects.toBeInstanceOf(MalformedMessageError);
    expect(await count()).toEqual(before);
  });
});
