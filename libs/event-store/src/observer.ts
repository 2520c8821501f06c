import type { StoredEvent } from './events';

/**
 * How a command ended: it appended events, it decided nothing (already done), a rule refused it, it
 * met a newer version of its stream than it was decided on, or something else failed (the database).
 */
export type CommandOutcome = 'accepted' | 'unchanged' | 'rejected' | 'conflict' | 'failed';

/**
 * What the write path reports as it goes, for metrics (libs/platform's observability wires one in).
 * Every member is optional and called synchronously: an observer counts, it must not do I/O.
 */
export interface EventStoreObserver {
  /** Each command handled by `handleCommand`, named by its `type`. */
  commandHandled?(command: string, outcome: CommandOutcome, seconds: number): void;
  /**
   * Another writer got to the stream first: `retried` on fresh state, or `rejected` when the caller
   * pinned a version (a stale `If-Match`) or the retries ran out.
   */
  conflict?(command: string, resolution: 'retried' | 'rejected'): void;
  /** Events that were committed (with their read models and outbox messages). */
  appended?(events: StoredEvent[]): void;
}
