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
  /** The partitions this member was given at its last join (`topic:partition`); none known before it. */
  private assigned?: Set<string>;

  constructor(
    private readonly consumer: Pick<Consumer, 'commitOffsets'>,
    private readonly logger: ConsumerLogger,
  ) {}

  /** Message `offset` of the partition is applied (or dead-lettered): the next commit moves past it. */
  done(topic: string, partition: number, offset: string): void {
    const key = `${topic}:${partition}`;
    // A batch finishing on a partition that a rebalance gave to another member: see assign().
    if (this.assigned && !this.assigned.has(key)) return;
    this.uncommitted.set(key, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
  }

  /**
   * The partitions a join gave this member. What was applied on the others is not committed: Kafka
   * takes a commit from any member of the group, so an offset committed late by the member that
   * lost a partition would move the group back behind what its new member applied and committed,
   * and leave that much lag standing until the partition's next message. The new member reads from
   * the last commit instead, and its inbox skips what was applied here.
   */
  assign(assignment: Record<string, number[]>): void {
    this.assigned = new Set(
      Object.entries(assignment).flatMap(([topic, partitions]) =>
        partitions.map((partition) => `${topic}:${partition}`),
      ),
    );
    for (const key of this.uncommitted.keys()) if (!this.assigned.has(key)) this.uncommitted.delete(key);
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
   * under way; the broker away) goes again with the next, for the partitions this member still
   * holds and has applied nothing newer on; whoever reads the others next starts from the commit
   * before, and the inbox skips what was applied since.
   */
  async commit(): Promise<void> {
    // One commit at a time; what is applied meanwhile goes in the next (stop() waits for both).
    while (this.committing) await this.committing;
    if (this.uncommitted.size === 0) return;
    const offsets = [...this.uncommitted.values()];
    this.uncommitted.clear();
    this.committing = this.consumer
      .commitOffsets(offsets)
      .catch((error: Error) => {
        for (const entry of offsets) {
          const key = `${entry.topic}:${entry.partition}`;
          if (!this.uncommitted.has(key) && (!this.assigned || this.assigned.has(key)))
            this.uncommitted.set(key, entry);
        }
        this.logger.debug(`offset commit failed, tried again with the next: ${error.message}`);
      })
      .finally(() => (this.committing = undefined));
    await this.committing;
  }
}
