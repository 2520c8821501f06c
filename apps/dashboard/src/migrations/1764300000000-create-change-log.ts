import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard's own read model: one row per message published on the three topics, with who made
 * the change (the `actor` header). The services' read models say what things are now; this says who
 * changed them and when, for the partner 360° page's timeline. It lives in the dashboard's schema,
 * not in `reporting`: user ids are not for every BI tool.
 */
export class CreateChangeLog1764300000000 implements MigrationInterface {
  name = 'CreateChangeLog1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE change_log (
        event_id     text        PRIMARY KEY,
        topic        text        NOT NULL,
        type         text        NOT NULL,
        aggregate_id uuid        NOT NULL,
        actor        text,
        occurred_at  timestamptz NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `COMMENT ON TABLE change_log IS 'One row per message on the Accord topics: ce_id, ce_type, key, actor, ce_time'`,
    );
    // The 360° page asks for the latest changes of a handful of aggregates.
    await db.query('CREATE INDEX change_log_aggregate ON change_log (aggregate_id, occurred_at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE change_log');
  }
}
