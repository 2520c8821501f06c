import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The web app's sessions (apps/dashboard/src/sign-in/session-store.ts): each row is a signed-in user
 * or a sign-in under way, keyed by the SHA-256 of the cookie's random id, its tokens encrypted.
 */
export class CreateWebSessions1765300000000 implements MigrationInterface {
  name = 'CreateWebSessions1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE web_sessions (
        id_hash    text        PRIMARY KEY,
        kind       text        NOT NULL CHECK (kind IN ('session', 'sign-in')),
        data       bytea       NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX web_sessions_expiry ON web_sessions (expires_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE web_sessions');
  }
}
