import type { Consumer } from 'kafkajs';
import type { ConsumerLogger } from './consumer-logger';

/**
 * The offsets of what was applied, per topic-partition, committed to Kafka on a timer and once
 * more at the end of a run (see commitIntervalMs).
 */
export class OffsetCommitter {
  /** The next offset to read, per topic-partition, for what was applied since the last commit. */
  private readonly uncommitted = new Map<string, { topic: string; partition: number; offset: string }>();
  private committing?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly consumer: Pick<Consumer, 'commitOffsets'>,
    private readonly logger: ConsumerLogger,
  ) {}

  /** Message `offset` of the partition is applied (or dead-lettered): the next commit moves past it. */
  done(topic: string, partition: number, offset: string): void {
    this.uncommitted.set(`${topic}:${partition}`, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
  }

  /** Commits every `intervalMs` until stopTimer(). */
  startTimer(intervalMs: number): void {
    this.timer = setInterval(() => void this.commit(), intervalMs);
  }

  stopTimer(): void {
    clearInterval(this.timer);
  }

  /**
   * Commits the offsets of what was applied since the last commit. A failed commit (a rebalance
   * moved the partitions; the broker is away) is not retried: whoever reads those partitions next
   * starts from the commit before, and the inbox skips what was applied since.
   */
  async commit(): Promise<void> {
    // One commit at a time; what is applied meanwhile goes in the next (stop() waits for both).
    while (this.committing) await this.committing;
    if (this.uncommitted.size === 0) return;
    const offsets = [...this.uncommitted.values()];
    this.uncommitted.clear();
    this.committing = this.consumer
      .commitOffsets(offsets)
      .catch((error: Error) => this.logger.debug(`offset commit failed, left to the next reader: ${error.message}`))
      .finally(() => (this.committing = undefined));
    await this.committing;
  }
}
