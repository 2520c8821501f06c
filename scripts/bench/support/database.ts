import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { eventStoreMigrations } from '@accord/event-store';
import { dataSourceOptions, loadEnvironment, openDataSource } from '@accord/platform';
import { embeddedDatabaseUrl, postgresUp } from '../../infra/postgres';

/** The server the bench works on: DATABASE_URL, or the embedded Postgres (started if needed). */
export async function serverUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  await postgresUp();
  return embeddedDatabaseUrl;
}

export interface BenchDatabase {
  name: string;
  url: string;
  /** A plain client on it, for setup and the raw baselines. */
  client: () => Promise<Client>;
  drop: () => Promise<void>;
}

/**
 * A throwaway database of the bench's own on the shared server (other people's databases are never
 * touched); `drop` removes it, connections and all.
 */
export async function createDatabase(prefix: string): Promise<BenchDatabase> {
  const server = await serverUrl();
  const name = `bench_${prefix}_${randomUUID().slice(0, 8)}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    client: async () => {
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      return client;
    },
    drop: async () => {
      const again = new Client({ connectionString: server });
      await again.connect();
      try {
        await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}

/** A data source with Accord's event store tables in `schema`, as a service opens it. */
export function openStoreDataSource(url: string, schema: string): Promise<DataSource> {
  const env = loadEnvironment({ DATABASE_URL: url }, { PORT: '1', DB_SCHEMA: schema }, 'tool');
  return openDataSource(
    dataSourceOptions(env, { applicationName: 'bench', migrations: eventStoreMigrations, entities: [] }),
  );
}

export async function postgresVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0].server_version;
  } finally {
    await client.end();
  }
}
