import { DataSource } from 'typeorm';
import { dataSourceOptions, loadEnvironment, openDataSource } from '@accord/platform';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { eventStoreMigrations } from '..';

describe('the event store migration on an empty database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('migration');
    const env = loadEnvironment({ DATABASE_URL: db.url }, { PORT: '1', DB_SCHEMA: 'migration_test' }, 'tool');
    dataSource = await openDataSource(
      dataSourceOptions(env, { applicationName: 'migration-test', migrations: eventStoreMigrations, entities: [] }),
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('created the schema and its tables, and recorded the migration', async () => {
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'migration_test' ORDER BY 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(['events', 'inbox', 'migrations', 'outbox']);
    const applied = await db.query<{ name: string }>('SELECT name FROM migration_test.migrations');
    expect(applied.map((m) => m.name)).toEqual(['CreateEventStore1763700000000']);
  });

  it('has nothing left to run on the next start', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('refuses a second event with the same stream version', async () => {
    const insert = `INSERT INTO events (event_id, stream_id, stream_version, event_type, data, metadata)
                    VALUES (gen_random_uuid(), 'partner-1', 1, 'PartnerRegistered', '{}', '{}')`;
    await dataSource.query(insert);
    await expect(dataSource.query(insert)).rejects.toThrow(/events_stream_version_unique/);
  });

  it('can be reverted and applied again', async () => {
    await dataSource.undoLastMigration();
    const left = await db.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = 'migration_test' AND table_name = 'events'`,
    );
    expect(left).toHaveLength(0);
    await dataSource.runMigrations();
    expect(await dataSource.showMigrations()).toBe(false);
  });
});
