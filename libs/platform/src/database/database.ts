import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import type { ServiceEnvironment } from '../config/environment';
import { TypeOrmLogger } from './typeorm-logger';

export interface DatabaseOptions {
  applicationName: string;
  migrations: DataSourceOptions['migrations'];
  entities: DataSourceOptions['entities'];
}

/**
 * One service, one schema. Every connection's search_path is the service's schema, so its SQL and
 * migrations name tables without a prefix and cannot touch another service's tables by accident.
 * Schema changes happen only through migrations, run at start-up; `synchronize` stays off.
 */
export function dataSourceOptions(env: ServiceEnvironment, options: DatabaseOptions): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url: env.DATABASE_URL,
    // No `schema` here: TypeORM would then qualify every table name with it. Names stay unqualified
    // and the search_path picks the schema, which lets a projection rebuild point them at shadow
    // tables for the length of a transaction.
    applicationName: options.applicationName,
    // A request waits at most 5 s for a connection: when Postgres is away it gets a 503, never a hang.
    extra: { ...connectionBounds(env), options: sessionOptions(env), max: 10, connectionTimeoutMillis: 5_000 },
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: true,
    // Each migration in its own transaction: a failed one leaves the schema at the last good version.
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new TypeOrmLogger(),
    maxQueryExecutionTime: 1_000,
  };
}

/**
 * Every wait of a connection bounded (DB_*_TIMEOUT_MS; 0 is none), sent with the connection's start-up
 * packet: a statement, a lock, a transaction left idle.
 */
export function connectionBounds(env: ServiceEnvironment) {
  return {
    statement_timeout: env.DB_STATEMENT_TIMEOUT_MS,
    lock_timeout: env.DB_LOCK_TIMEOUT_MS,
    idle_in_transaction_session_timeout: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    // The client's side of TCP keepalive: a Postgres host that is gone is noticed, not waited on.
    keepAlive: true,
    keepAliveInitialDelayMillis: env.DB_KEEPALIVE_IDLE_SECONDS * 1_000,
  };
}

/**
 * The session's search_path (see dataSourceOptions), and the server's side of TCP keepalive: Postgres
 * ends the session (and frees its locks) of a client whose host is gone, after the idle time and three
 * unanswered probes 10 s apart, instead of after the operating system's two hours.
 */
function sessionOptions(env: ServiceEnvironment): string {
  const keepalive = `-c tcp_keepalives_idle=${env.DB_KEEPALIVE_IDLE_SECONDS} -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3`;
  return `-c search_path=${env.DB_SCHEMA} ${keepalive}`;
}

/**
 * TypeORM records migrations in a table inside the schema, so the schema has to exist before the
 * first migration can run. Creating it is idempotent and safe to race between instances. It is only
 * attempted when the schema is missing: a service that logs in with a role of its own (`npm run
 * db:roles`) may not create schemas at all, and Postgres checks that right before it looks whether
 * the schema exists, so even `CREATE SCHEMA IF NOT EXISTS` would fail on its provisioned schema.
 */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (found.rowCount === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(schema)}`);
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
    throw new Error(
      `schema "${schema}" does not exist and this database user may not create it: provision it with \`npm run db:roles\``,
      { cause: error },
    );
  } finally {
    await client.end();
  }
}

/** The schema a service data source works in, read back from its search_path. */
export function schemaOf(options: DataSourceOptions): string {
  const extra = (options as PostgresConnectionOptions).extra as { options?: string } | undefined;
  const schema = /search_path=(\w+)/.exec(extra?.options ?? '')?.[1];
  if (!schema) throw new Error('a service data source sets its schema through the search_path');
  return schema;
}

/** Creates the schema if needed, connects, and runs pending migrations. */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  const { url } = options as PostgresConnectionOptions;
  if (!url) throw new Error('a service data source needs a url');
  const schema = schemaOf(options);
  await ensureSchema(url, schema);
  const dataSource = await new DataSource({ ...options, migrationsRun: false }).initialize();
  try {
    if (options.migrationsRun) await migrateAlone(dataSource, schema);
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

/**
 * Runs pending migrations while holding the schema's migration lock, so that instances of a service
 * started together on a new database do not all try to create the same tables: the first migrates,
 * the others wait and then find nothing left to do. A session lock: released if the process dies.
 */
async function migrateAlone(dataSource: DataSource, schema: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  const lock = [`${schema}:migrations`];
  try {
    // The others wait for the first one's migrations, however long they take (not DB_*_TIMEOUT_MS).
    await runner.query('SET lock_timeout = 0; SET statement_timeout = 0');
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', lock);
    await dataSource.runMigrations();
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', lock).catch(() => undefined);
    await runner.query('RESET lock_timeout; RESET statement_timeout').catch(() => undefined);
    await runner.release();
  }
}
