import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { dataSourceOptions, loadEnvironment, openDataSource } from '@accord/platform';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { PostgresEventStore, eventStoreMigrations, type CommandContext, type EventStoreOptions } from '../src';

export interface StoreFixture {
  db: TestDatabase;
  dataSource: DataSource;
  store: PostgresEventStore;
  close(): Promise<void>;
}

/**
 * A migrated event store in a database of its own. `extraSql` creates a test's read-model tables;
 * `entities` are the TypeORM entities its projections write.
 */
export async function openTestStore(
  label: string,
  options: Partial<EventStoreOptions> = {},
  extraSql: string[] = [],
  entities: (new () => object)[] = [],
): Promise<StoreFixture> {
  const db = await createTestDatabase(label);
  const env = loadEnvironment({ DATABASE_URL: db.url }, { PORT: '1', DB_SCHEMA: 'store_test' }, 'tool');
  const dataSource = await openDataSource(
    dataSourceOptions(env, { applicationName: `test-${label}`, migrations: eventStoreMigrations, entities }),
  );
  for (const sql of extraSql) await dataSource.query(sql);
  const store = new PostgresEventStore(dataSource, { source: 'accord/test', ...options });
  return {
    db,
    dataSource,
    store,
    close: async () => {
      await dataSource.destroy();
      await db.drop();
    },
  };
}

export function context(overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: 'user:test',
    now: new Date('2026-04-01T09:00:00Z'),
    ...overrides,
  };
}
