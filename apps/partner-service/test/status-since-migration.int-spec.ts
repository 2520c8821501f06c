import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { partnerService } from '../src/service';
import { migratePartnerSchema, migrationsBefore } from './migrate-partner-schema';

/**
 * The migration that adds `status_since` to the directory fills it for partners recorded before:
 * from the latest status event's business date, or the day it was recorded when it has none.
 */
describe('migration: the directory keeps the day the status began', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('partner_status_since');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('fills it from business dates, recorded days, or the registration', async () => {
    await migratePartnerSchema(db.url, migrationsBefore('AddPartnerStatusSince'));

    const [dated, undated, prospect] = [randomUUID(), randomUUID(), randomUUID()];
    for (const partnerId of [dated, undated, prospect]) {
      await db.query(
        `INSERT INTO partner.partner_directory (partner_id, name, normalised_name, type, country, tier, status, version, registered_at, updated_at)
         VALUES ($1, $2, $2, 'university', 'JP', 'standard', 'prospect', 1, '2015-05-05T23:30:00Z', now())`,
        [partnerId, `partner ${partnerId}`],
      );
    }
    const event = (partnerId: string, version: number, type: string, data: object, occurredAt: string) =>
      db.query(
        `INSERT INTO partner.events (event_id, stream_id, stream_version, event_type, data, metadata)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [randomUUID(), `partner-${partnerId}`, version, type, data, { occurredAt }],
      );
    await event(dated, 1, 'PartnerActivated', { partnerId: dated, activatedOn: '2016-09-05' }, '2026-01-01T10:00:00Z');
    await event(dated, 2, 'PartnerArchived', { partnerId: dated, archivedOn: '2019-03-31' }, '2026-01-02T10:00:00Z');
    await event(undated, 1, 'PartnerActivated', { partnerId: undated }, '2021-07-15T10:00:00.000Z');
    await event(undated, 2, 'PartnerTierChanged', { partnerId: undated }, '2022-07-15T10:00:00.000Z');

    await migratePartnerSchema(db.url, partnerService.migrations);
    const rows = await db.query<{ partner_id: string; since: string }>(
      "SELECT partner_id, to_char(status_since, 'YYYY-MM-DD') AS since FROM partner.partner_directory",
    );
    expect(Object.fromEntries(rows.map((row) => [row.partner_id, row.since]))).toEqual({
      [dated]: '2019-03-31',
      [undated]: '2021-07-15',
      [prospect]: '2015-05-05',
    });
  });
});
