import type { DataSource, EntityManager } from 'typeorm';
import { START, checkpointAfter, type Checkpoint, type PostgresEventStore } from './event-store';
import type { InlineProjection } from './projection';

export interface RebuildResult {
  events: number;
  rows: Record<string, number>;
  milliseconds: number;
}

export interface RebuildOptions {
  batchSize?: number;
  onProgress?: (events: number) => void;
  /** How long the swap waits for any one lock before it lets go and tries again (default 500 ms). */
  lockTimeoutMs?: number;
  /** How long the swap keeps trying before the rebuild fails, leaving the live rows as they were (default 10 min). */
  swapDeadlineMs?: number;
  /** Called each time the swap gave up on a lock and will try again after `delayMs`. */
  onSwapRetry?: (attempt: number, delayMs: number) => void;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Rebuilds one inline projection from the event store while the service keeps serving.
 *
 * 1. Empty copies of the projection's tables are made as temporary tables of one connection kept
 *    for the whole rebuild. Postgres searches temporary tables first, so the projection's
 *    unqualified table names write to the copies. They are never WAL-logged, and they die with the
 *    connection: a rebuild killed half-way leaves no copy of the read model (personal data
 *    included) behind.
 * 2. Every event is replayed through the projection in batches, one transaction each. Reads and
 *    appends go on meanwhile against the live tables.
 * 3. The swap: a transaction takes the append lock exclusively (it waits for appends in flight and
 *    holds new ones back), replays what was appended since step 2, and replaces the live rows with
 *    the rebuilt ones by DELETE and INSERT. Replacing rows rather than tables keeps the tables'
 *    names, indexes, grants, migrations history and the views bound to them (a view follows a
 *    table's identity, not its name); DELETE rather than TRUNCATE takes no lock that readers hold
 *    off, so a long query (a BI tool on a reporting view) neither delays the swap nor sees the
 *    table empty: it keeps its snapshot. Every lock wait in the swap is bounded by `lock_timeout`
 *    (a row a transaction locked, DDL, appends in flight that take long): on a timeout it rolls
 *    back, which lets the appends it held back through, and tries again with backoff.
 */
export async function rebuildProjection(
  store: PostgresEventStore,
  projection: InlineProjection,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 1_000;
  const lockTimeoutMs = options.lockTimeoutMs ?? 500;
  const deadline = started + (options.swapDeadlineMs ?? 10 * 60_000);
  const { dataSource } = store;
  const [{ schema }] = await dataSource.query<{ schema: string }[]>('SELECT current_schema() AS schema');
  await dropLeftoverShadows(dataSource, schema);

  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    for (const table of projection.tables) {
      await runner.query(`CREATE TEMPORARY TABLE ${q(table)} (LIKE ${q(schema)}.${q(table)} INCLUDING ALL)`);
    }

    let events = 0;
    const replay = async (tx: EntityManager, from: Checkpoint, appendsHeld: boolean) => {
      let checkpoint = from;
      let replayed = 0;
      for (;;) {
        const batch = appendsHeld
          ? await store.readAllWhileAppendsHeld(checkpoint, batchSize, tx)
          : await store.readAll(checkpoint, batchSize, tx);
        if (batch.length === 0) break;
        const handled = batch.filter((event) => projection.handles.includes(event.type));
        if (projection.applyAll) {
          if (handled.length > 0) await projection.applyAll(tx, handled);
        } else {
          for (const event of handled) await projection.apply(tx, event);
        }
        replayed += batch.length;
        options.onProgress?.(events + replayed);
        checkpoint = checkpointAfter(batch[batch.length - 1]);
        if (!appendsHeld) break;
      }
      return { checkpoint, replayed };
    };

    // Step 2: one transaction per batch, so no transaction stays open for the whole replay.
    let checkpoint = START;
    let batches = 0;
    const catchUp = async () => {
      for (;;) {
        const next = await runner.manager.transaction((tx) => replay(tx, checkpoint, false));
        if (next.replayed === 0) return;
        events += next.replayed;
        checkpoint = next.checkpoint;
        // Autovacuum never analyses temporary tables: without statistics the planner may scan the
        // whole copy for each event's update.
        if (batches++ % 50 === 0) {
          for (const table of projection.tables) await runner.query(`ANALYZE pg_temp.${q(table)}`);
        }
      }
    };
    await catchUp();

    // Step 3: what was appended since step 2 is replayed while appends are held.
    for (let attempt = 1; ; attempt++) {
      try {
        const swapped = await runner.manager.transaction(async (tx) => {
          // Waits are what would hold appends back, so they are bounded; the work is not: it is the
          // rows to copy, and a statement timeout would only make a large read model unrebuildable.
          await tx.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
          await tx.query('SET LOCAL statement_timeout = 0');
          await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':append'))`);
          const tail = await replay(tx, checkpoint, true);
          const rows: Record<string, number> = {};
          // In reverse, then in order: a table the projection lists after another may refer to it.
          for (const table of [...projection.tables].reverse()) await tx.query(`DELETE FROM ${q(schema)}.${q(table)}`);
          for (const table of projection.tables) rows[table] = await copyBack(tx, schema, table);
          return { rows, replayed: tail.replayed };
        });
        events += swapped.replayed;
        return { events, rows: swapped.rows, milliseconds: Date.now() - started };
      } catch (error) {
        if (!isLockTimeout(error) || Date.now() >= deadline) throw error;
        const delayMs = Math.min(5_000, 50 * 2 ** Math.min(attempt, 7)) * (0.5 + Math.random() / 2);
        options.onSwapRetry?.(attempt, delayMs);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        // What was appended meanwhile is replayed without holding appends, not in the next swap.
        await catchUp();
      }
    }
  } finally {
    // The copies go before the connection returns to the pool (they would die with it anyway).
    await runner.query('DISCARD TEMP').catch(() => undefined);
    await runner.release();
  }
}

/** Copies the rebuilt rows of one table into the live one; the number of rows. */
async function copyBack(tx: EntityManager, schema: string, table: string): Promise<number> {
  const [{ count }] = await tx.query<{ count: number }[]>(
    `WITH copied AS (
       INSERT INTO ${q(schema)}.${q(table)} OVERRIDING SYSTEM VALUE SELECT * FROM pg_temp.${q(table)} RETURNING 1
     ) SELECT count(*)::int AS count FROM copied`,
  );
  // Identity values came from the copy's sequence: move the live one past them.
  const identities = await tx.query<{ column_name: string }[]>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = $1 AND table_name = $2 AND is_identity = 'YES'`,
    [schema, table],
  );
  for (const { column_name } of identities) {
    await tx.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), GREATEST((SELECT max(${q(column_name)}) FROM ${q(schema)}.${q(table)}), 1))`,
      [`${q(schema)}.${q(table)}`, column_name],
    );
  }
  return count;
}

/** 55P03 lock_not_available: `lock_timeout` ran out (or NOWAIT). */
function isLockTimeout(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string } }).driverError;
  return (driverError?.code ?? (error as { code?: string }).code) === '55P03';
}

/**
 * Rebuilds before this one kept their copies in a schema of their own (`<schema>_rebuild_<name>`),
 * which outlived a rebuild killed half-way, with the read model's rows (contacts' data included).
 * Rebuilds no longer make such schemas, so any that is left is a leftover: dropped.
 */
async function dropLeftoverShadows(dataSource: DataSource, schema: string): Promise<string[]> {
  const leftovers = await dataSource.query<{ name: string }[]>(
    `SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)`,
    [`${schema}_rebuild_`],
  );
  for (const { name } of leftovers) await dataSource.query(`DROP SCHEMA IF EXISTS ${q(name)} CASCADE`);
  return leftovers.map(({ name }) => name);
}
