/**
 * `npm run bench:store`: how fast the event store appends, reads and rebuilds on this machine's
 * Postgres, each next to a baseline measured in the same run: the same rows written or read with
 * plain SQL and none of the store's guarantees (version check, append lock, metadata, outbox).
 * The ratio is what the guarantees cost; the absolute numbers depend on the machine.
 *
 * Options: BENCH_APPENDS (default 4000), BENCH_BATCHES (default 100), BENCH_CONCURRENCY (default 8).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import {
  PostgresEventStore,
  START,
  checkpointAfter,
  eventStoreMigrations,
  rebuildProjection,
} from '@accord/event-store';
import type { InlineProjection } from '@accord/event-store';
import { dataSourceOptions, loadEnvironment, openDataSource } from '@accord/platform';
import { embeddedDatabaseUrl } from '../infra/postgres';

const APPENDS = Number(process.env.BENCH_APPENDS ?? 4_000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROOT = join(__dirname, '..', '..');

const context = () => ({ correlationId: randomUUID(), causationId: randomUUID(), actor: 'bench', now: new Date() });
const payload = (i: number) => ({
  partnerId: `p-${i}`,
  name: 'University of Tokyo',
  country: 'JP',
  tags: ['ai', 'ethics'],
});

/** Runs `count` jobs with at most `concurrency` in flight; returns per-job latencies in ms. */
async function pool(count: number, concurrency: number, job: (i: number) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await job(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return latencies;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const results: { name: string; value: number; unit: string; baseline?: number; extra?: string }[] = [];
async function measure(
  name: string,
  unit: string,
  items: number,
  run: () => Promise<number[] | void>,
  baseline?: () => Promise<unknown>,
) {
  let t = performance.now();
  const latencies = await run();
  const rate = items / ((performance.now() - t) / 1000);
  let baseRate: number | undefined;
  if (baseline) {
    t = performance.now();
    await baseline();
    baseRate = items / ((performance.now() - t) / 1000);
  }
  const extra = latencies
    ? `p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`
    : '';
  results.push({ name, value: rate, unit, baseline: baseRate, extra });
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'infra.ts'), 'up', 'postgres'], {
      stdio: 'ignore',
    });
  }
  const server = process.env.DATABASE_URL ?? embeddedDatabaseUrl;
  const name = `accord_bench_${randomUUID().slice(0, 8)}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;

  let dataSource: DataSource | undefined;
  try {
    const env = loadEnvironment({ DATABASE_URL: url.toString() }, { PORT: '1', DB_SCHEMA: 'bench' });
    dataSource = await openDataSource(
      dataSourceOptions(env, { applicationName: 'bench', migrations: eventStoreMigrations, entities: [] }),
    );
    const ds = dataSource;
    await ds.query(`CREATE TABLE plain_events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id text,
      stream_version int, event_type text, data jsonb, metadata jsonb, recorded_at timestamptz DEFAULT now())`);
    await ds.query('CREATE TABLE bench_directory (partner_id text PRIMARY KEY, name text, country text, updated int)');
    const directory: InlineProjection = {
      name: 'directory',
      tables: ['bench_directory'],
      handles: ['PartnerRegistered'],
      apply: async (tx, event) => {
        const data = event.data as { partnerId: string; name: string; country: string };
        await tx.query(
          `INSERT INTO bench_directory VALUES ($1, $2, $3, 1)
           ON CONFLICT (partner_id) DO UPDATE SET updated = bench_directory.updated + 1`,
          [data.partnerId, data.name, data.country],
        );
      },
    };
    const store = new PostgresEventStore(ds, { source: 'accord/bench' });
    // The same rows, sent from here as parameters the way the store sends them, in one statement.
    const plainInsert = (streamId: string, rows: number) => {
      const params: unknown[] = [];
      const values = Array.from({ length: rows }, (_, i) => {
        params.push(streamId, i + 1, payload(i), { actor: 'bench', eventId: randomUUID() });
        return `($${i * 4 + 1}, $${i * 4 + 2}, 'PartnerRegistered', $${i * 4 + 3}, $${i * 4 + 4})`;
      });
      return ds.query(
        `INSERT INTO plain_events (stream_id, stream_version, event_type, data, metadata) VALUES ${values.join(', ')}`,
        params,
      );
    };

    await measure(
      `append, 1 event to a new stream, concurrency ${CONCURRENCY}`,
      'appends/s',
      APPENDS,
      () =>
        pool(APPENDS, CONCURRENCY, (i) =>
          store.append(`single-${i}`, [{ type: 'PartnerRegistered', data: payload(i) }], 0, context()),
        ),
      () => pool(APPENDS, CONCURRENCY, (i) => plainInsert(`plain-${i}`, 1)),
    );
    await measure(
      'append, 100-event batches (one stream each)',
      'events/s',
      BATCHES * 100,
      () =>
        pool(BATCHES, CONCURRENCY, (i) =>
          store.append(
            `batch-${i}`,
            Array.from({ length: 100 }, (_, e) => ({ type: 'PartnerRegistered', data: payload(i * 100 + e) })),
            0,
            context(),
          ),
        ),
      () => pool(BATCHES, CONCURRENCY, (i) => plainInsert(`plain-batch-${i}`, 100)),
    );
    const total = APPENDS + BATCHES * 100;
    await measure(
      'read all, pages of 1,000',
      'events/s',
      total,
      async () => {
        for (
          let checkpoint = START, page = await store.readAll(checkpoint, 1000);
          page.length > 0;
          page = await store.readAll(checkpoint, 1000)
        ) {
          checkpoint = checkpointAfter(page[page.length - 1]);
        }
      },
      async () => {
        for (
          let after = 0,
            page = await ds.query<{ id: string }[]>(
              'SELECT id::text AS id, data, metadata FROM plain_events WHERE id > $1 ORDER BY plain_events.id LIMIT 1000',
              [after],
            );
          page.length > 0;
          page = await ds.query<{ id: string }[]>(
            'SELECT id::text AS id, data, metadata FROM plain_events WHERE id > $1 ORDER BY plain_events.id LIMIT 1000',
            [after],
          )
        ) {
          after = Number(page[page.length - 1].id);
        }
      },
    );
    await measure('rebuild a one-table projection', 'events/s', total, async () => {
      await rebuildProjection(store, directory, { batchSize: 1000 });
    });
  } finally {
    await dataSource?.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }

  console.log(`\nEvent store benchmark (Postgres at ${url.host}, ${APPENDS} single appends, ${BATCHES}x100 batches)\n`);
  console.log('| measurement | store | plain SQL baseline | store / baseline | latency |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const r of results) {
    const base = r.baseline ? `${Math.round(r.baseline).toLocaleString('en')} ${r.unit}` : 'n/a';
    const ratio = r.baseline ? `${((r.value / r.baseline) * 100).toFixed(0)} %` : 'n/a';
    console.log(
      `| ${r.name} | ${Math.round(r.value).toLocaleString('en')} ${r.unit} | ${base} | ${ratio} | ${r.extra ?? ''} |`,
    );
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
