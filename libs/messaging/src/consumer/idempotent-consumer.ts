import { BatchApplier } from './batch-applier';
import { consoleLogger, type ConsumerLogger } from './consumer-logger';
import { lagOf, type PartitionLag } from './consumer-lag';
import type { IdempotentConsumerOptions } from './consumer-options';
import { ConsumerRunner } from './consumer-runner';
import type { ConsumerStatus, ConsumerWatcher } from './consumer-status';
import { deadLetterTopicOf } from './dead-letter';
import { DeadLetters } from './dead-letters';
import { Inbox } from './inbox';
import { inMessageSpan } from './message-span';
import type { ReceivedMessage } from './received-message';
import { DEFAULT_RESTART_POLICY, RestartBackoff } from './restart-backoff';
import { RetryPolicy } from './retry-policy';
import { StatusBoard } from './status-board';

// Its parts' types and helpers, where callers have always imported them from.
export type { ConsumeOutcome, IdempotentConsumerOptions, MessageHandler } from './consumer-options';
export type { PartitionLag } from './consumer-lag';
export type { ConsumerLogger } from './consumer-logger';
export { waitingFetch } from './consumer-run';
export { backoffDelay, type BackoffOptions } from './retry-policy';

/**
 * Consumes topics so that each message is applied once, in order per key:
 *
 * - Once: the message's id goes into the inbox in the same transaction as the handler's writes. A
 *   message seen again (redelivered after a crash, or produced twice) finds its id there and is
 *   skipped. Kafka delivers at least once; the inbox turns that into exactly once in effect.
 * - In order: one partition's messages are applied in offset order (in transactions of up to
 *   maxMessagesPerTransaction, one after the other), and a failing message is retried in place, so
 *   the messages behind it (same partition, so same key) wait for it. Partitions may be handled
 *   side by side (partitionsConsumedConcurrently).
 * - Moving on: a message that cannot be parsed, whose handler finds it malformed
 *   (MalformedMessageError), or whose handler still fails after maxAttempts, is published to the
 *   dead-letter topic with the reason, and consumption carries on behind it.
 *
 * Offsets: a message's offset is marked done only once its transaction committed (or it was
 * dead-lettered), and what is done is committed to Kafka every commitIntervalMs and when the
 * consumer stops. A crash in between redelivers messages that were already applied; the inbox
 * skips them. Committing after every message would shrink that window at a broker round trip per
 * message, without changing the guarantee.
 */
export class IdempotentConsumer {
  private readonly board: StatusBoard;
  private readonly runner: ConsumerRunner;

  constructor(private readonly options: IdempotentConsumerOptions) {
    const { name, topics } = options;
    const logger: ConsumerLogger = options.logger ?? consoleLogger(`Consumer ${name}`);
    const maxMessagesPerTransaction = options.maxMessagesPerTransaction ?? 100;
    if (!Number.isInteger(maxMessagesPerTransaction) || maxMessagesPerTransaction < 1) {
      throw new Error(`consumer ${name}: maxMessagesPerTransaction must be a positive integer`);
    }
    if (topics.length === 0) throw new Error(`consumer ${name}: no topics to consume`);
    let retry: RetryPolicy;
    let restarts: RestartBackoff;
    try {
      retry = new RetryPolicy(options.maxAttempts, options.backoff);
      restarts = new RestartBackoff({ ...DEFAULT_RESTART_POLICY, ...options.restart });
    } catch (error) {
      throw new Error(`consumer ${name}: ${(error as Error).message}`);
    }
    const deadLetterTopic = options.deadLetterTopic ?? deadLetterTopicOf;
    const around = <T>(message: ReceivedMessage, work: () => Promise<T>) => inMessageSpan(name, message, work);
    const inbox = new Inbox({
      dataSource: options.dataSource,
      consumer: name,
      handler: options.handler,
      logger,
      around,
    });
    const applier = new BatchApplier({
      inbox,
      retry,
      deadLetters: new DeadLetters(name, deadLetterTopic, logger),
      logger,
      maxMessagesPerTransaction,
      around,
      onHandled: options.onHandled,
    });
    this.board = new StatusBoard(logger);
    this.runner = new ConsumerRunner(options, { applier, board: this.board, restarts, deadLetterTopic, logger });
  }

  start(): Promise<void> {
    return this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  /** Where the consumer is, for readiness and `GET /health/consumers`. */
  status(): ConsumerStatus {
    return this.board.status();
  }

  /** Calls `watcher` on each crash and restart (metrics); returns the way to stop watching. */
  watch(watcher: ConsumerWatcher): () => void {
    return this.board.watch(watcher);
  }

  /** Per topic-partition: where the group is, where the topic ends, and how far behind it is. */
  lag(): Promise<PartitionLag[]> {
    return lagOf(this.options.client, this.options.name, this.options.topics);
  }

  /** Nest calls it at shutdown where the consumer is a provider. */
  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }
}
