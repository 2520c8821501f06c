import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { NewEvent, StoredEvent } from './events';

/**
 * A row an event writes into a read model: its entity and the values of its properties. Without
 * `where`, a new row; with it, the update of the row those key properties find.
 */
export interface ProjectedRow {
  entity: new () => ObjectLiteral;
  values: ObjectLiteral;
  where?: ObjectLiteral;
}

/** Writes a projected row: what `apply` does with the row `row` gives. */
export async function writeRow(tx: EntityManager, row: ProjectedRow): Promise<void> {
  const repository = tx.getRepository(row.entity);
  await (row.where ? repository.update(row.where, row.values) : repository.insert(row.values));
}

/**
 * A read model kept up to date in the same transaction as the append, so a client reads its own
 * writes at once. It must be deterministic: a rebuild replays every event through `apply` into empty
 * tables and must end with the same rows.
 */
export interface InlineProjection {
  name: string;
  /** The tables it alone writes; a rebuild recreates exactly these. */
  tables: string[];
  /** The event types it reacts to; others never reach `apply`. */
  handles: readonly string[];
  apply(tx: EntityManager, event: StoredEvent): Promise<void>;
  /**
   * Optional: applies several events in order, ending with the same rows as `apply` on each one.
   * A rebuild hands it a page of events at a time (only those in `handles`), so a projection that
   * can write a page in a few statements is not held to one round trip per event.
   */
  applyAll?(tx: EntityManager, events: StoredEvent[]): Promise<void>;
  /**
   * Optional: for an event whose whole effect on this read model is one row written (a registration
   * or a draft inserts one; a status change sets columns of one), that row; undefined for any other
   * event. An append whose events all have theirs, one a table at most, and that has nothing else to
   * write, writes them in its own statement: the whole write is one round trip. `apply` must write
   * the same row (`writeRow`), as a rebuild calls only `apply`.
   */
  row?(event: NewEvent): ProjectedRow | undefined;
}
