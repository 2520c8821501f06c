import type { EntityManager } from 'typeorm';
import { START, checkpointAfter, type Checkpoint, type PostgresEventStore } from './event-store';
import type { InlineProjection } from './projection';

export interface RebuildResult {
  events: number;
  rows: Record<string, number>;
  milliseconds: number;
}

/**
 * Rebuilds one inline projection from the event store while the service keeps serving.
 *
 * 1. Empty copies of the projection's tables are made in a shadow schema.
 * 2. Every event is replayed through the projection in batches, each in a transaction whose
 *    search_path puts the shadow schema first, so the projection's unqualified table names write
 *    to the copies. Reads and appends go on meanwhile against the live tables.
 * 3. The swap: a transaction takes the append lock exclusively (it waits for appends in flight and
 *    holds new ones back), replays what was appended since step 2, and replaces the live rows with
 *    the rebuilt ones. Replacing rows rather than tables keeps the tables' names, indexes, grants
 *    and migrations history intact; readers wait only for this last transaction.
 */
export async function rebuildProjection(
  store: PostgresEventStore,
  projection: InlineProjection,
  options: { batchSize?: number; onProgress?: (events: number) => void } = {},
): Promise<RebuildResult> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 1_000;
  const { dataSource } = store;
  const [{ schema }] = await dataSource.query<{ schema: string }[]>('SELECT current_schema() AS schema');
  const shadow = `${schema}_rebuild_${projection.name.replace(/\W/g, '_').toLowerCase()}`;
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

  await dataSource.query(`DROP SCHEMA IF EXISTS ${q(shadow)} CASCADE`);
  await dataSource.query(`CREATE SCHEMA ${q(shadow)}`);
  try {
    for (const table of projection.tables) {
      await dataSource.query(`CREATE TABLE ${q(shadow)}.${q(table)} (LIKE ${q(schema)}.${q(table)} INCLUDING ALL)`);
    }

    let events = 0;
    const replay = async (tx: EntityManager, from: Checkpoint, appendsHeld: boolean): Promise<Checkpoint> => {
      await tx.query(`SET LOCAL search_path = ${q(shadow)}, ${q(schema)}`);
      let checkpoint = from;
      for (;;) {
        const batch = appendsHeld
          ? await store.readAllWhileAppendsHeld(checkpoint, batchSize, tx)
          : await store.readAll(checkpoint, batchSize, tx);
        if (batch.length === 0) return checkpoint;
        const handled = batch.filter((event) => projection.handles.includes(event.type));
        if (projection.applyAll) {
          if (handled.length > 0) await projection.applyAll(tx, handled);
        } else {
          for (const event of handled) await projection.apply(tx, event);
        }
        events += batch.length;
        options.onProgress?.(events);
        checkpoint = checkpointAfter(batch[batch.length - 1]);
        if (!appendsHeld) return checkpoint;
      }
    };

    // Step 2: one transaction per batch, so no transaction stays open for the whole replay.
    let checkpoint = START;
    for (;;) {
      const next = await dataSource.transaction((tx) => replay(tx, checkpoint, false));
      if (next === checkpoint) break;
      checkpoint = next;
    }

    // Step 3.
    const rows: Record<string, number> = {};
    await dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':append'))`);
      await replay(tx, checkpoint, true);
      await tx.query(`SET LOCAL search_path = ${q(schema)}`);
      await tx.query(`TRUNCATE ${projection.tables.map((t) => `${q(schema)}.${q(t)}`).join(', ')}`);
      for (const table of projection.tables) {
        const copied = await tx.query<unknown[]>(
          `INSERT INTO ${q(schema)}.${q(table)} OVERRIDING SYSTEM VALUE SELECT * FROM ${q(shadow)}.${q(table)} RETURNING 1`,
        );
        rows[table] = copied.length;
        // Identity values came from the shadow's sequence: move the live one past them.
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
      }
    });
    return { events, rows, milliseconds: Date.now() - started };
  } finally {
    await dataSource.query(`DROP SCHEMA IF EXISTS ${q(shadow)} CASCADE`);
  }
}
