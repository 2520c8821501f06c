import type { EntityManager } from 'typeorm';
import type { StoredEvent } from './events';

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
}
