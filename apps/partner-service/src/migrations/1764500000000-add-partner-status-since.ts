import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory kept when a partner's status last changed only as a recorded time (`updated_at`,
 * moved by any edit). Status follows business dates, so it also keeps the day the current status
 * began: when the partner was activated, marked dormant, archived or restored.
 *
 * Existing rows are filled from the partner's latest status event: its business date when it has
 * one, else the day it was recorded (as the decider reads such events); a partner that never changed
 * status, from the day it was registered.
 */
export class AddPartnerStatusSince1764500000000 implements MigrationInterface {
  name = 'AddPartnerStatusSince1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE partner_directory ADD COLUMN status_since date');
    await db.query(`
      UPDATE partner_directory d SET status_since = coalesce(
        (SELECT coalesce(
                  e.data->>'activatedOn', e.data->>'markedDormantOn', e.data->>'archivedOn', e.data->>'restoredOn',
                  left(e.metadata->>'occurredAt', 10))::date
           FROM events e
          WHERE e.stream_id = 'partner-' || d.partner_id
            AND e.event_type IN ('PartnerActivated', 'PartnerMarkedDormant', 'PartnerArchived', 'PartnerRestored')
          ORDER BY e.stream_version DESC
          LIMIT 1),
        (d.registered_at AT TIME ZONE 'UTC')::date)`);
    await db.query('ALTER TABLE partner_directory ALTER COLUMN status_since SET NOT NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE partner_directory DROP COLUMN status_since');
  }
}
