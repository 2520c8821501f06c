import type { DataSource, EntityManager } from 'typeorm';
import type { KafkaClient } from '../kafka-client';
import type { ConsumerLogger } from './consumer-logger';
import type { ReceivedMessage } from './received-message';
import type { RestartPolicy } from './restart-backoff';
import type { BackoffOptions } from './retry-policy';

/** Applied now; applied before (a redelivery, skipped by the inbox); or sent to the dead-letter topic. */
export type ConsumeOutcome = 'applied' | 'duplicate' | 'dead_lettered';

/**
 * Applies one message inside the inbox's transaction. Write through `tx` only: what the handler
 * writes commits together with the inbox row or not at all, which is what makes a redelivery safe.
 *
 * The transaction may hold other messages of the same partition applied before this one (see
 * maxMessagesPerTransaction), and it may be rolled back after the handler returned, when a later
 * message in it fails; the message is then applied again. So a handler that also runs a
 * command in a transaction of its own (which commits at once) must be idempotent, as it already
 * must be for a redelivery, and that command must not wait for rows this consumer's transactions
 * write: the transaction holding them would be waiting for the handler.
 */
export type MessageHandler = (message: ReceivedMessage, tx: EntityManager) => Promise<void>;

export interface IdempotentConsumerOptions {
  client: KafkaClient;
  /** Migrated, with the service's schema on its search_path (the `inbox` table is unqualified). */
  dataSource: DataSource;
  /** The Kafka consumer group id, and the inbox's `consumer` column. */
  name: string;
  /** Topics to consume; they must exist (their producer creates them). */
  topics: string[];
  handler: MessageHandler;
  /** Handler attempts before a message is dead-lettered; default 5. */
  maxAttempts?: number;
  /** Delay before each retry: initialMs doubled per failed attempt, at most maxMs; default 200 / 5000. */
  backoff?: Partial<BackoffOptions>;
  /**
   * How long the group waits for a silent member before it hands that member's partitions to the
   * others: how long the messages of a crashed instance's partitions wait. Default 10 s (kafkajs: 30 s).
   * A member is silent only if one message's handling attempt outlasts it: retries heartbeat.
   */
  sessionTimeoutMs?: number;
  /**
   * Partitions whose fetched batches are handled at the same time, default 1. Order is kept per
   * partition (one aggregate's messages share a partition), so several would be allowed; but each
   * batch is applied in shared transactions (maxMessagesPerTransaction), and two of them side by side
   * lock rows that many messages touch (a partner's last activity) in different orders: the bench's
   * preparation of 3,300 agreements met 105 deadlocks, each waited out for Postgres's
   * deadlock_timeout (1 s), and fell behind for minutes. One at a time, a batch's commit is shared by
   * its messages instead. Each batch in hand holds a pooled connection (two when its handler runs a
   * command): keep this well below the pool size.
   */
  partitionsConsumedConcurrently?: number;
  /**
   * The most messages applied in one transaction, default 100. A fetched batch of one partition's
   * messages is applied in transactions of up to this many (one inbox insert, one commit): a commit
   * per message cost each consuming service more CPU than the write that sent it. If a handler fails
   * in such a transaction, nothing of it is kept; the failing message is retried (or dead-lettered)
   * alone, counting that failure as its first attempt, and the others are applied again. 1 applies
   * every message alone.
   */
  maxMessagesPerTransaction?: number;
  /**
   * How often the offsets of what was applied are committed to Kafka, default 1,000 ms, and once
   * more when the consumer stops. (kafkajs's autoCommit commits after every fetched batch: under a
   * steady flow, a broker round trip per message.) A crash redelivers what was applied since the
   * last commit, and the inbox skips it.
   */
  commitIntervalMs?: number;
  /**
   * How long the broker may hold a fetch to gather more messages, for consumers that can lag a
   * little. Unset (the default), the broker answers a fetch as soon as one message is there: the
   * lowest latency, and under a steady flow a fetch, a batch and a transaction per message. Set,
   * the broker answers after this long or once 1 MiB is there: at 100 messages a second and 100 ms,
   * one fetch and one transaction for about ten messages, each applied up to this much later.
   */
  fetchWaitMs?: number;
  /** Default `<topic>.dlq`. */
  deadLetterTopic?: (topic: string) => string;
  /** Told how each message ended and how long it took, retries included (metrics). */
  onHandled?: (topic: string, outcome: ConsumeOutcome, seconds: number) => void;
  /** Waits between restarts after kafkajs stopped the consumer for good; default 1 s doubling to 60 s. */
  restart?: Partial<RestartPolicy>;
  /** Where its lines go; default the console from LOG_LEVEL up, as `[Consumer <name>] ...`. */
  logger?: ConsumerLogger;
}
