import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every service's record of `Idempotency-Key`s on its create routes: one row per user, route and key,
 * with the id the create gave (or will give) the new resource and, once it succeeded, the answer.
 */
export class CreateIdempotencyKeys1764400000000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotency_keys (
        actor text NOT NULL,
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        resource_id uuid NOT NULL,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor, scope, key)
      )`);
    await db.query('CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE idempotency_keys');
  }
}
