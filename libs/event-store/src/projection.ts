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
}
