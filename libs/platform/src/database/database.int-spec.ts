import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { loadEnvironment } from '../config/environment';
import { dataSourceOptions, openDataSource } from './database';

describe("a service's Postgres connections", () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('bounds');
    const env = loadEnvironment(
      { DATABASE_URL: db.url, DB_LOCK_TIMEOUT_MS: '500', DB_STATEMENT_TIMEOUT_MS: '2000' },
      { PORT: '1', DB_SCHEMA: 'bounds_test' },
      'tool',
    );
    dataSource = await openDataSource(
      dataSourceOptions(env, { applicationName: 'bounds-test', migrations: [], entities: [] }),
    );
    await dataSource.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
    await dataSource.query('INSERT INTO counter VALUES (1, 0)');
  }, 30_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('carry the configured bounds and the server side of TCP keepalive', async () => {
    const [settings] = await dataSource.query<Record<string, string>[]>(
      `SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
              current_setting('idle_in_transaction_session_timeout') AS idle,
              current_setting('tcp_keepalives_idle') AS keepalive, current_setting('search_path') AS path`,
    );
    expect(settings).toEqual({ statement: '2s', lock: '500ms', idle: '1min', keepalive: '30', path: 'bounds_test' });
  });

  it('give up waiting for a lock after DB_LOCK_TIMEOUT_MS instead of waiting for its holder', async () => {
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('UPDATE bounds_test.counter SET n = n + 1 WHERE id = 1');
      const started = Date.now();
      await expect(dataSource.query('UPDATE counter SET n = n + 1 WHERE id = 1')).rejects.toMatchObject({
        driverError: { code: '55P03' },
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      // And a statement that runs past DB_STATEMENT_TIMEOUT_MS is cancelled.
      await expect(dataSource.query('SELECT pg_sleep(10)')).rejects.toMatchObject({ driverError: { code: '57014' } });
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  }, 30_000);
});
