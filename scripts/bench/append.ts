/**
 * Appends: Accord's store next to Emmett's PostgreSQL event store and to the machine's limit, in the
 * same database, with the same payloads, in the same rounds (in rotating order, so that neither
 * gains from going first or last).
 *
 * - Accord: `PostgresEventStore.append`, no projection and no publisher (Emmett's has none either).
 * - Emmett: `getPostgreSQLEventStore(url).appendToStream`, expecting a new stream (as Accord's 0).
 * - The limit: pgbench inserting the same rows into a bare copy of Accord's `events` table (same
 *   columns, constraints and indexes; no lock, no version check), one row per transaction, or 100
 *   rows per transaction for the batch scenario.
 */
import { getPostgreSQLEventStore, type PostgresEventStore as EmmettStore } from '@event-driven-io/emmett-postgresql';
import { PostgresEventStore } from '@accord/event-store';
import { config } from './support/config';
import { createDatabase, openStoreDataSource } from './support/database';
import { pgbench } from './support/pgbench';
import { EVENT_TYPE, METADATA_SQL, PAYLOAD_SQL, context, payload } from './support/payload';
import { check, percent, ratio, times, type PartReport } from './support/report';
import { median, pool, rate, whole } from './support/stats';

interface Scenario {
  name: string;
  /** Events per append. */
  size: number;
  concurrency: number;
  appends: number;
}

type Contender = 'accord' | 'emmett' | 'pgbench';

const scenarios = (): Scenario[] => [
  { name: '1 event, new stream, concurrency 1', size: 1, concurrency: 1, appends: Math.ceil(config.appends / 2) },
  { name: '1 event, new stream, concurrency 8', size: 1, concurrency: 8, appends: config.appends },
  { name: '100-event batch, new stream, concurrency 8', size: 100, concurrency: 8, appends: config.batches },
];

/** One transaction of pgbench's script: the same rows as the stores write, `size` of them. */
const rawInsert = (size: number) =>
  `INSERT INTO raw.events (event_id, stream_id, stream_version, event_type, data, metadata)
   SELECT gen_random_uuid(), s.id, v, '${EVENT_TYPE}', ${PAYLOAD_SQL}, ${METADATA_SQL}
   FROM (SELECT gen_random_uuid()::text AS id) s, generate_series(1, ${size}) v;`.replace(/\s+/g, ' ') + '\n';

export async function appendBench(): Promise<PartReport> {
  const db = await createDatabase('append');
  const dataSource = await openStoreDataSource(db.url, 'accord');
  const emmett: EmmettStore = getPostgreSQLEventStore(db.url);
  try {
    const accord = new PostgresEventStore(dataSource, { source: 'accord/bench' });
    const setup = await db.client();
    await setup.query('CREATE SCHEMA raw; CREATE TABLE raw.events (LIKE accord.events INCLUDING ALL)');
    await setup.end();

    let round = 0;
    const events = (size: number, i: number) =>
      Array.from({ length: size }, (_, e) => ({ type: EVENT_TYPE, data: payload(i * size + e) }));
    const run: Record<Contender, (s: Scenario) => Promise<number>> = {
      accord: (s) =>
        rate(s.appends * s.size, () =>
          pool(s.appends, s.concurrency, (i) =>
            accord.append(`a${round}-${s.size}-${s.concurrency}-${i}`, events(s.size, i), 0, context()),
          ),
        ),
      emmett: (s) =>
        rate(s.appends * s.size, () =>
          pool(s.appends, s.concurrency, (i) => {
            const { correlationId, causationId, actor, now } = context();
            const metadata = { correlationId, causationId, actor, occurredAt: now.toISOString() };
            return emmett.appendToStream(
              `partner-e${round}-${s.size}-${s.concurrency}-${i}`,
              events(s.size, i).map((event) => ({ ...event, metadata })),
              { expectedStreamVersion: 0n },
            );
          }),
        ),
      pgbench: async (s) =>
        (await pgbench(db.url, rawInsert(s.size), s.concurrency, Math.ceil(s.appends / s.concurrency))) * s.size,
    };

    // Warm-up: connections open, Emmett's schema created, caches filled.
    for (const contender of ['accord', 'emmett'] as const) {
      await run[contender]({ name: 'warm-up', size: 1, concurrency: 8, appends: 200 });
    }

    const samples = new Map<string, Record<Contender, number[]>>();
    const order: Contender[] = ['accord', 'emmett', 'pgbench'];
    for (round = 1; round <= config.rounds; round++) {
      for (const s of scenarios()) {
        const figures = samples.get(s.name) ?? { accord: [], emmett: [], pgbench: [] };
        samples.set(s.name, figures);
        for (const contender of [...order.slice(round % 3), ...order.slice(0, round % 3)]) {
          figures[contender].push(await run[contender](s));
        }
      }
      process.stdout.write(`append: round ${round}/${config.rounds} done\n`);
    }

    const rows: string[][] = [];
    const checks = [];
    const data: Record<string, unknown> = {};
    for (const s of scenarios()) {
      const figures = samples.get(s.name)!;
      const [a, e, p] = [median(figures.accord), median(figures.emmett), median(figures.pgbench)];
      data[s.name] = { accord: a, emmett: e, pgbench: p, samples: figures };
      rows.push([s.name, whole(a), whole(e), whole(p), times(ratio(a, e)), percent(ratio(a, p))]);
      checks.push(check(`append ${s.name}: ≥ 1.5× Emmett`, times(ratio(a, e)), ratio(a, e) >= 1.5));
      if (s.size > 1) {
        checks.push(check(`append ${s.name}: ≥ 50 % of pgbench`, percent(ratio(a, p)), ratio(a, p) >= 0.5));
      }
    }
    return {
      part: 'append',
      tables: [
        {
          title: `Appends, events/s (median of ${config.rounds} rounds)`,
          columns: ['scenario', 'Accord', 'Emmett', 'pgbench (limit)', 'Accord / Emmett', 'Accord / limit'],
          rows,
        },
      ],
      checks,
      data,
    };
  } finally {
    await emmett.close();
    await dataSource.destroy();
    await db.drop();
  }
}
