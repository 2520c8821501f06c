import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox's parking columns (see outbox-parking.ts); a test's own outbox gets them from this SQL too. */
export const OUTBOX_PARKING_SQL = [
  'ALTER TABLE outbox ADD COLUMN parked_at timestamptz, ADD COLUMN park_error text',
  // What an operator looks at (and the /metrics gauge counts): few rows, found without a scan.
  'CREATE INDEX outbox_parked ON outbox (id) WHERE parked_at IS NOT NULL AND published_at IS NULL',
];

/**
 * A message Kafka refuses for good (larger than the topic takes) is parked: left out of the relay's
 * batches, with the broker's error, until an operator has made room and clears parked_at.
 */
export class OutboxParking1765600000000 implements MigrationInterface {
  name = 'OutboxParking1765600000000';

  async up(db: QueryRunner): Promise<void> {
    for (const sql of OUTBOX_PARKING_SQL) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX outbox_parked');
    await db.query('ALTER TABLE outbox DROP COLUMN park_error, DROP COLUMN parked_at');
  }
}
