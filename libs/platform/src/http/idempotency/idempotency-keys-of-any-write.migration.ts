import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `Idempotency-Key`s of every write, not only creates. A write to an existing resource records its key
 * in the append's transaction with the resource and the version the change made (`applied_version`);
 * `response`, the route's whole answer, follows once the route returned.
 */
export class IdempotencyKeysOfAnyWrite1765400000000 implements MigrationInterface {
  name = 'IdempotencyKeysOfAnyWrite1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE idempotency_keys ALTER COLUMN resource_id DROP NOT NULL');
    await db.query('ALTER TABLE idempotency_keys ADD COLUMN applied_version integer');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DELETE FROM idempotency_keys WHERE resource_id IS NULL OR applied_version IS NOT NULL');
    await db.query('ALTER TABLE idempotency_keys DROP COLUMN applied_version');
    await db.query('ALTER TABLE idempotency_keys ALTER COLUMN resource_id SET NOT NULL');
  }
}
