import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables every service's schema has: its event store, its outbox to Kafka and its inbox of
 * messages already handled. Each service runs this migration in its own schema.
 */
export class CreateEventStore1763700000000 implements MigrationInterface {
  name = 'CreateEventStore1763700000000';

  async up(db: QueryRunner): Promise<void> {
    // Append-only. `global_position` orders all events of the service; `transaction_id` lets a
    // reader of all events stop short of positions whose transactions have not committed yet
    // (positions are taken at insert, but transactions commit in any order).
    await db.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
        event_id        uuid        NOT NULL UNIQUE,
        stream_id       text        NOT NULL,
        stream_version  integer     NOT NULL CHECK (stream_version > 0),
        event_type      text        NOT NULL,
        schema_version  smallint    NOT NULL DEFAULT 1 CHECK (schema_version > 0),
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
      )`);
    await db.query(`CREATE INDEX events_by_transaction ON events (transaction_id, global_position)`);

    // Integration messages written in the same transaction as the events they announce; a relay
    // publishes them to Kafka and stamps published_at.
    await db.query(`
      CREATE TABLE outbox (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message_id   uuid        NOT NULL UNIQUE,
        topic        text        NOT NULL,
        message_key  text        NOT NULL,
        payload      jsonb       NOT NULL,
        headers      jsonb       NOT NULL DEFAULT '{}',
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await db.query(`CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL`);

    // Messages from Kafka already applied, recorded in the same transaction as their effect, so a
    // redelivered message is recognised and skipped.
    await db.query(`
      CREATE TABLE inbox (
        consumer     text        NOT NULL,
        message_id   text        NOT NULL,
        topic        text        NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE inbox');
    await db.query('DROP TABLE outbox');
    await db.query('DROP TABLE events');
  }
}
