import type { ConsumerLogger } from './consumer-logger';
import type { ConsumerEvent, ConsumerState, ConsumerStatus, ConsumerWatcher } from './consumer-status';

/** Where a consumer is (its state and crash history), and who is told of its crashes and restarts. */
export class StatusBoard {
  private readonly watchers = new Set<ConsumerWatcher>();
  private current: ConsumerStatus = { state: 'stopped', since: new Date(), crashes: 0 };

  constructor(private readonly logger: ConsumerLogger) {}

  status(): ConsumerStatus {
    return { ...this.current };
  }

  watch(watcher: ConsumerWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  enter(state: ConsumerState, details: Partial<Omit<ConsumerStatus, 'state' | 'since'>> = {}): void {
    const { since, crashes, lastError } = this.current;
    // The last error stays once the consumer runs again: with `crashes`, the history at a glance.
    this.current = { state, since: state === this.current.state ? since : new Date(), crashes, lastError, ...details };
  }

  tell(event: ConsumerEvent): void {
    for (const watcher of this.watchers) {
      try {
        watcher(event);
      } catch (error) {
        // A watcher's fault must not take the consumer down with it.
        this.logger.warn(`a watcher failed: ${(error as Error).message}`);
      }
    }
  }
}
