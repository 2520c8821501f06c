import { setTimeout as sleep } from 'node:timers/promises';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { KafkaJSError, type Consumer, type EachMessagePayload, type Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import type { KafkaClient } from '../kafka-client';
import { contextOfMessage } from '../trace-context';
import { deadLetterHeaders, deadLetterTopicOf } from './dead-letter';
import { MalformedMessageError } from './payload';
import { parseMessage, type ReceivedMessage } from './received-message';

/**
 * Applies one message inside the inbox's transaction. Write through `tx` only: what the handler
 * writes commits together with the inbox row or not at all, which is what makes a redelivery safe.
 */
export type MessageHandler = (message: ReceivedMessage, tx: EntityManager) => Promise<void>;

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

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
   * Partitions whose messages are handled at the same time, default 3. Order is kept per partition
   * (one aggregate's messages share a partition), so across partitions nothing needs to wait: with
   * one at a time, each message's commit waited for the one before on any partition. Each message
   * in hand holds a pooled connection (two when its handler runs a command): keep it well below the
   * pool size.
   */
  partitionsConsumedConcurrently?: number;
  /** Default `<topic>.dlq`. */
  deadLetterTopic?: (topic: string) => string;
  /** Told how each message ended and how long it took, retries included (metrics). */
  onHandled?: (topic: string, outcome: ConsumeOutcome, seconds: number) => void;
}

/** Applied now; applied before (a redelivery, skipped by the inbox); or sent to the dead-letter topic. */
export type ConsumeOutcome = 'applied' | 'duplicate' | 'dead_lettered';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** The group's committed offset (the next message it will read), or null if it never committed. */
  committedOffset: number | null;
  /** The high watermark: the offset the next produced message will get. */
  endOffset: number;
  /** Messages the group has still to process. */
  lag: number;
}

/**
 * The delay before retry number `attempt` (1 after the first failure). No jitter: only this
 * consumer retries this message, so there is no crowd of retries to spread out.
 */
export function backoffDelay(attempt: number, backoff: BackoffOptions): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** (attempt - 1));
}

// The OpenTelemetry API: spans are no-ops unless the service set tracing up (libs/platform does).
const tracer = trace.getTracer('@accord/messaging');

/** Marks an error thrown by the handler, as opposed to one from the inbox or the database itself. */
class HandlerFailed extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

interface Run {
  consumer: Consumer;
  producer: Producer;
  /** Aborted by stop(), so a message waiting out a backoff does not hold up the shutdown. */
  stopping: AbortController;
}

/**
 * Consumes topics so that each message is applied once, in order per key:
 *
 * - Once: the message's id goes into the inbox in the same transaction as the handler's writes. A
 *   message seen again (redelivered after a crash, or produced twice) finds its id there and is
 *   skipped. Kafka delivers at least once; the inbox turns that into exactly once in effect.
 * - In order: kafkajs's eachMessage hands over one partition's messages one at a time, and a
 *   failing message is retried in place, so the messages behind it (same partition, so same key)
 *   wait for it. Several partitions are handled side by side (partitionsConsumedConcurrently).
 * - Moving on: a message that cannot be parsed, whose handler finds it malformed
 *   (MalformedMessageError), or whose handler still fails after maxAttempts, is published to the
 *   dead-letter topic with the reason, and consumption carries on behind it.
 *
 * Offsets: with kafkajs's autoCommit, a message's offset is resolved only once eachMessage returns,
 * that is after its transaction committed (or it was dead-lettered), and resolved offsets are
 * committed at the end of each fetched batch and when the consumer stops. A crash in between
 * redelivers messages that were already applied; the inbox skips them. Committing after every
 * message would shrink that window at a broker round trip per message, without changing the
 * guarantee, so the batch commit is kept.
 */
export class IdempotentConsumer implements OnApplicationShutdown {
  private readonly logger: Logger;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffOptions;
  private readonly deadLetterTopic: (topic: string) => string;
  private run?: Run;

  constructor(private readonly options: IdempotentConsumerOptions) {
    this.logger = new Logger(`Consumer ${options.name}`);
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoff = { initialMs: 200, maxMs: 5_000, ...options.backoff };
    this.deadLetterTopic = options.deadLetterTopic ?? deadLetterTopicOf;
    if (options.topics.length === 0) throw new Error(`consumer ${options.name}: no topics to consume`);
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new Error(`consumer ${options.name}: maxAttempts must be a positive integer`);
    }
    if (this.backoff.initialMs < 0 || this.backoff.maxMs < this.backoff.initialMs) {
      throw new Error(`consumer ${options.name}: backoff needs 0 <= initialMs <= maxMs`);
    }
  }

  async start(): Promise<void> {
    if (this.run) throw new Error(`consumer ${this.options.name} is already started`);
    const { client, name, topics } = this.options;
    // The broker does not create topics on first use; a dead letter must have somewhere to go
    // before the first poison message turns up.
    await client.ensureTopics(topics.map((topic) => ({ topic: this.deadLetterTopic(topic) })));
    const run: Run = {
      // A dead letter is the only copy of a message whose offset is about to be committed: it must
      // be on every in-sync replica (acks -1) and written once even if the send is retried.
      producer: client.kafka.producer({ idempotent: true, maxInFlightRequests: 1 }),
      // disconnect() waits for the fetch in flight; a short fetch wait keeps stop() quick.
      consumer: client.kafka.consumer({
        groupId: name,
        maxWaitTimeInMs: 250,
        sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      }),
      stopping: new AbortController(),
    };
    this.run = run;
    try {
      await run.producer.connect();
      await run.consumer.connect();
      // A new group starts at the earliest message: events published before this consumer first
      // ran are still to be applied.
      await run.consumer.subscribe({ topics, fromBeginning: true });
      await run.consumer.run({
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
        eachMessage: (payload) => this.onMessage(payload, run),
      });
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.logger.log(`consuming ${topics.join(', ')}`);
  }

  async stop(): Promise<void> {
    const run = this.run;
    if (!run) return;
    this.run = undefined;
    run.stopping.abort();
    // The consumer first: the message in hand may still need the producer for its dead letter.
    await run.consumer.disconnect();
    await run.producer.disconnect();
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** Per topic-partition: where the group is, where the topic ends, and how far behind it is. */
  async lag(): Promise<PartitionLag[]> {
    const { client, name: groupId, topics } = this.options;
    const admin = await client.connectedAdmin();
    const committed = await admin.fetchOffsets({ groupId, topics });
    const result: PartitionLag[] = [];
    for (const topic of topics) {
      const offsets = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        // Kafka reports "no commit" as -1. Offsets fit a double for any topic this side of 2^53.
        const commit = Number(offsets.find((entry) => entry.partition === partition)?.offset ?? -1);
        const committedOffset = commit >= 0 ? commit : null;
        // Reading resumes at the commit; without one (or if retention removed it) at the earliest
        // message still kept.
        const next = Math.max(committedOffset ?? 0, Number(low));
        result.push({
          topic,
          partition,
          committedOffset,
          endOffset: Number(high),
          lag: Math.max(0, Number(high) - next),
        });
      }
    }
    return result.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }

  private async onMessage(payload: EachMessagePayload, run: Run): Promise<void> {
    const { topic, partition, message } = payload;
    const started = performance.now();
    const parsed = parseMessage(topic, partition, message);
    let outcome: ConsumeOutcome = 'dead_lettered';
    if (parsed.ok) outcome = await this.inSpan(parsed.message, () => this.handle(parsed.message, payload, run));
    else await this.deadLetter(run, payload, parsed.reason);
    this.options.onHandled?.(topic, outcome, (performance.now() - started) / 1000);
  }

  /** Runs `work` in a span that continues the sender's trace, with its correlation id for the logs. */
  private inSpan<T>(received: ReceivedMessage, work: () => Promise<T>): Promise<T> {
    const attributes = {
      'messaging.system': 'kafka',
      'messaging.destination.name': received.topic,
      'messaging.destination.partition.id': String(received.partition),
      'messaging.kafka.offset': Number(received.offset),
      'messaging.message.id': received.id,
      'messaging.consumer.group.name': this.options.name,
    };
    const options = { kind: SpanKind.CONSUMER, attributes };
    return tracer.startActiveSpan(
      `process ${received.topic}`,
      options,
      contextOfMessage(received.headers),
      async (span) => {
        try {
          return await work();
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  /** Applies a message once, retrying its handler in place; dead-letters it when attempts run out. */
  private async handle(received: ReceivedMessage, payload: EachMessagePayload, run: Run): Promise<ConsumeOutcome> {
    const at = `${received.topic}[${received.partition}]@${received.offset}`;
    for (let attempt = 1; ; attempt++) {
      try {
        const applied = await this.applyOnce(received);
        this.logger.debug(
          applied
            ? `${at}: ${received.type} ${received.id} applied`
            : `${at}: ${received.id} was applied before; skipped`,
        );
        return applied ? 'applied' : 'duplicate';
      } catch (error) {
        // The inbox or the database failed, not the handler: that is no reason to give up on the
        // message. Thrown, it stays uncommitted and kafkajs fetches it again after its own backoff.
        if (!(error instanceof HandlerFailed)) throw error;
        // A payload that breaks its contract fails the same way every time: no retry can fix it.
        if (error.cause instanceof MalformedMessageError) {
          await this.deadLetter(run, payload, `malformed: ${error.message}`);
          return 'dead_lettered';
        }
        if (attempt >= this.maxAttempts) {
          await this.deadLetter(run, payload, `${error.message} (after ${attempt} attempts)`);
          return 'dead_lettered';
        }
        const delay = backoffDelay(attempt, this.backoff);
        this.logger.warn(
          `${at}: attempt ${attempt} of ${this.maxAttempts} failed, retrying in ${delay} ms: ${error.message}`,
        );
        await this.waitToRetry(delay, run, at);
        // A long run of retries must not look like a dead consumer to the group coordinator.
        await payload.heartbeat();
      }
    }
  }

  /** One transaction: record the id in the inbox, apply the message if the id is new. */
  private applyOnce(message: ReceivedMessage): Promise<boolean> {
    return this.options.dataSource.transaction(async (tx) => {
      const recorded = await tx.query<unknown[]>(
        `INSERT INTO inbox (consumer, message_id, topic) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
        [this.options.name, message.id, message.topic],
      );
      if (recorded.length === 0) return false;
      try {
        await this.options.handler(message, tx);
      } catch (error) {
        throw new HandlerFailed(error);
      }
      return true;
    });
  }

  private async waitToRetry(delayMs: number, run: Run, what: string): Promise<void> {
    try {
      await sleep(delayMs, undefined, { signal: run.stopping.signal });
    } catch {
      // Stopping: the message must stay uncommitted (it is retried on the next start), so
      // eachMessage has to throw. A KafkaJSError, because kafkajs logs any other error from
      // eachMessage as a processing failure, which this is not.
      throw new KafkaJSError(`stopping: ${what} left for redelivery`, { retriable: true });
    }
  }

  private async deadLetter(run: Run, { topic, partition, message }: EachMessagePayload, error: string): Promise<void> {
    const deadLetterTopic = this.deadLetterTopic(topic);
    const headers = deadLetterHeaders(message.headers, {
      error,
      consumer: this.options.name,
      topic,
      partition,
      offset: message.offset,
      failedAt: new Date(),
    });
    await run.producer.send({
      topic: deadLetterTopic,
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    this.logger.error(`${topic}[${partition}]@${message.offset}: dead-lettered to ${deadLetterTopic}: ${error}`);
  }
}
