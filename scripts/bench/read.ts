/**
 * Reading and rebuilding over a million stored events, each next to the raw limit measured in the
 * same rounds: the same rows read with a plain batched SELECT (node-postgres, keyset pages of the
 * same size), and copied with that SELECT plus one INSERT per page into a bare table.
 *
 * - read all: `store.readAll` page after page (commit-safe order, upcasting, metadata).
 * - rebuild: `rebuildProjection` of a one-table directory into shadow tables and the swap, with a
 *   projection that writes a page per statement (`applyAll`), and, over a tenth of the events, the
 *   same projection written event by event (one round trip each, as the services' are today).
 */
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { PostgresEventStore, START, checkpointAfter, rebuildProjection } from '@accord/event-store';
import { config } from './support/config';
import { createDatabase, openStoreDataSource } from './support/database';
import { DIRECTORY_TABLE, UPSERT, directoryByEvent, directoryByPage, tally } from './support/directory';
import { PER_STREAM, loadEvents } from './support/load';
import { check, percent, ratio, type PartReport } from './support/report';
import { median, whole } from './support/stats';

const PAGE = 1_000;

async function readAll(store: PostgresEventStore): Promise<number> {
  let events = 0;
  for (let checkpoint = START; ;) {
    const page = await store.readAll(checkpoint, PAGE);
    if (page.length === 0) return events;
    events += page.length;
    checkpoint = checkpointAfter(page[page.length - 1]);
  }
}

interface RawRow {
  global_position: string;
  data: { partnerId: string; name: string; country: string };
}

/** The raw limit: keyset pages of the same rows and columns; with `copy`, one upsert per page. */
async function rawPass(client: Client, schema: string, copy: boolean): Promise<number> {
  let events = 0;
  for (let after = '0'; ;) {
    const { rows } = await client.query<RawRow>({
      name: `raw-page-${schema}`,
      text: `SELECT global_position::text AS global_position, transaction_id::text AS transaction_id, stream_id,
               stream_version, event_type, schema_version, data, metadata, recorded_at
               FROM ${schema}.events WHERE global_position > $1 ORDER BY events.global_position LIMIT ${PAGE}`,
      values: [after],
    });
    if (rows.length === 0) return events;
    if (copy) {
      const { ids, names, countries, counts } = tally(rows.map((row) => row.data));
      await client.query({
        name: `raw-upsert-${schema}`,
        text: UPSERT(`${schema}.raw_directory`),
        values: [ids, names, countries, counts],
      });
    }
    events += rows.length;
    after = rows[rows.length - 1].global_position;
  }
}

const seconds = async (run: () => Promise<unknown>) => {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
};

export async function readBench(): Promise<PartReport> {
  const db = await createDatabase('read');
  const sources: DataSource[] = [];
  const client = await db.client();
  try {
    const total = config.events;
    const small = Math.max(1_000, Math.round(total / 10));
    const main = await openStoreDataSource(db.url, 'accord');
    const tenth = await openStoreDataSource(db.url, 'tenth');
    sources.push(main, tenth);
    process.stdout.write(`read: loading ${whole(total)} events...\n`);
    for (const schema of ['accord', 'tenth']) {
      await client.query(`SET search_path = ${schema}`);
      await client.query(DIRECTORY_TABLE);
      await client.query(DIRECTORY_TABLE.replace('bench_directory', 'raw_directory'));
    }
    await loadEvents(client, 'accord', total);
    await loadEvents(client, 'tenth', small);
    const store = new PostgresEventStore(main, { source: 'accord/bench' });
    const tenthStore = new PostgresEventStore(tenth, { source: 'accord/bench' });

    const samples = {
      read: [] as number[],
      rawRead: [] as number[],
      rebuild: [] as number[],
      rawCopy: [] as number[],
      byEvent: [] as number[],
    };
    for (let round = 1; round <= config.longRounds; round++) {
      const read = await seconds(async () => {
        if ((await readAll(store)) !== total) throw new Error('read all missed events');
      });
      samples.read.push(total / read);
      samples.rawRead.push(total / (await seconds(() => rawPass(client, 'accord', false))));

      await client.query('TRUNCATE accord.raw_directory');
      samples.rawCopy.push(total / (await seconds(() => rawPass(client, 'accord', true))));
      const rebuilt = await rebuildProjection(store, directoryByPage, { batchSize: PAGE });
      if (rebuilt.rows.bench_directory !== total / PER_STREAM) throw new Error('the rebuild lost rows');
      samples.rebuild.push(total / (rebuilt.milliseconds / 1000));

      const byEvent = await rebuildProjection(tenthStore, directoryByEvent, { batchSize: PAGE });
      samples.byEvent.push(small / (byEvent.milliseconds / 1000));
      process.stdout.write(`read: round ${round}/${config.longRounds} done\n`);
    }

    const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<
      keyof typeof samples,
      number
    >;
    return {
      part: 'read',
      tables: [
        {
          title: `Reading and rebuilding ${whole(total)} stored events, events/s (median of ${config.longRounds} rounds)`,
          columns: ['measurement', 'Accord', 'raw limit', 'Accord / limit'],
          rows: [
            ['read all, pages of 1,000', whole(m.read), whole(m.rawRead), percent(ratio(m.read, m.rawRead))],
            [
              'rebuild, projection writing a page per statement',
              whole(m.rebuild),
              whole(m.rawCopy),
              percent(ratio(m.rebuild, m.rawCopy)),
            ],
            [
              `rebuild, projection writing event by event (${whole(small)} events)`,
              whole(m.byEvent),
              whole(m.rawCopy),
              percent(ratio(m.byEvent, m.rawCopy)),
            ],
          ],
          notes: [
            'The raw limit reads with a plain keyset SELECT; the raw copy adds one INSERT ... ON CONFLICT per page.',
          ],
        },
      ],
      checks: [
        check('rebuild ≥ 50,000 events/s', `${whole(m.rebuild)} events/s`, m.rebuild >= 50_000),
        check(
          'rebuild ≥ 50 % of the raw copy',
          percent(ratio(m.rebuild, m.rawCopy)),
          ratio(m.rebuild, m.rawCopy) >= 0.5,
        ),
      ],
      data: { events: total, tenth: small, medians: m, samples },
    };
  } finally {
    await client.end();
    for (const source of sources) await source.destroy();
    await db.drop();
  }
}
