import { setTimeout as sleep } from 'node:timers/promises';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { KafkaJSError, type Consumer, type EachBatchPayload, type EachMessagePayload, type Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import type { KafkaClient } from '../kafka-client';
import { withTimeout } from '../timeout';
import { contextOfMessage } from '../trace-context';
import {
  kindOf,
  type ConsumerEvent,
  type ConsumerState,
  type ConsumerStatus,
  type ConsumerWatcher,
} from './consumer-status';
import { deadLetterHeaders, deadLetterTopicOf } from './dead-letter';
import { MalformedMessageError } from './payload';
import { parseMessage, type ParseResult, type ReceivedMessage } from './received-message';
import { DEFAULT_RESTART_POLICY, RestartBackoff, type RestartPolicy } from './restart-backoff';

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
}

/**
 * kafkajs consumer options that let the broker hold a fetch up to `waitMs` to gather more messages,
 * or until 1 MiB is there, instead of answering at the first one (see fetchWaitMs).
 */
export const waitingFetch = (waitMs: number) => ({ maxWaitTimeInMs: waitMs, minBytes: 1024 * 1024 });

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

/** A message taken out of a fetched batch, parsed, waiting for its transaction. */
interface Pending {
  single: EachMessagePayload;
  received: ReceivedMessage;
}

/** Marks an error thrown by the handler, as opposed to one from the inbox or the database itself. */
class HandlerFailed extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/**
 * Whether to go on with a fetched batch: not when the consumer is stopping, nor when the group moved
 * the partition's position (a rebalance, a seek). What is left is not marked done, so it is read again.
 */
function proceeding(payload: EachBatchPayload, run: Run): boolean {
  return payload.isRunning() && !payload.isStale() && !run.stopping.signal.aborted;
}

/** A handler failed in a shared transaction (applyTogether): which message, and why. */
class FailedInChunk extends Error {
  constructor(
    readonly index: number,
    readonly failure: HandlerFailed,
  ) {
    super(failure.message);
  }
}

interface Run {
  consumer: Consumer;
  /** kafkajs stopped it for good (a crash it does not restart from): to be replaced. */
  dead: boolean;
  producer: Producer;
  /** Aborted by stop(), so a message waiting out a backoff does not hold up the shutdown. */
  stopping: AbortController;
  /** The batches in hand, which stop() lets finish before the last commit. */
  inHand: Set<Promise<void>>;
  /** The next offset to read, per topic-partition, for what was applied since the last commit. */
  uncommitted: Map<string, { topic: string; partition: number; offset: string }>;
  committer?: NodeJS.Timeout;
  committing?: Promise<void>;
}

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
export class IdempotentConsumer implements OnApplicationShutdown {
  private readonly logger: Logger;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffOptions;
  private readonly deadLetterTopic: (topic: string) => string;
  private readonly maxMessagesPerTransaction: number;
  private readonly restarts: RestartBackoff;
  private readonly watchers = new Set<ConsumerWatcher>();
  private current: ConsumerStatus = { state: 'stopped', since: new Date(), crashes: 0 };
  /** Set from start() to stop(): a consumer that dies meanwhile is restarted; aborted to end a restart's wait. */
  private active?: AbortController;
  /** The restart loop, if one runs (never two: a crash during it is its business). */
  private recovery?: Promise<void>;
  private recovering = false;
  private run?: Run;

  constructor(private readonly options: IdempotentConsumerOptions) {
    this.logger = new Logger(`Consumer ${options.name}`);
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoff = { initialMs: 200, maxMs: 5_000, ...options.backoff };
    this.deadLetterTopic = options.deadLetterTopic ?? deadLetterTopicOf;
    this.maxMessagesPerTransaction = options.maxMessagesPerTransaction ?? 100;
    if (!Number.isInteger(this.maxMessagesPerTransaction) || this.maxMessagesPerTransaction < 1) {
      throw new Error(`consumer ${options.name}: maxMessagesPerTransaction must be a positive integer`);
    }
    if (options.topics.length === 0) throw new Error(`consumer ${options.name}: no topics to consume`);
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new Error(`consumer ${options.name}: maxAttempts must be a positive integer`);
    }
    if (this.backoff.initialMs < 0 || this.backoff.maxMs < this.backoff.initialMs) {
      throw new Error(`consumer ${options.name}: backoff needs 0 <= initialMs <= maxMs`);
    }
    try {
      this.restarts = new RestartBackoff({ ...DEFAULT_RESTART_POLICY, ...options.restart });
    } catch (error) {
      throw new Error(`consumer ${options.name}: ${(error as Error).message}`);
    }
  }

  async start(): Promise<void> {
    if (this.active) throw new Error(`consumer ${this.options.name} is already started`);
    this.active = new AbortController();
    this.enter('starting');
    try {
      await this.open();
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.logger.log(`consuming ${this.options.topics.join(', ')}`);
  }

  async stop(): Promise<void> {
    const active = this.active;
    if (!active) return;
    this.active = undefined;
    active.abort();
    // A restart in progress ends at its wait, or once its consumer is open, which is closed below.
    await this.recovery;
    const run = this.run;
    this.run = undefined;
    try {
      if (run) await this.close(run);
    } finally {
      this.enter('stopped');
    }
  }

  /** Where the consumer is, for readiness and `GET /health/consumers`. */
  status(): ConsumerStatus {
    return { ...this.current };
  }

  /** Calls `watcher` on each crash and restart (metrics); returns the way to stop watching. */
  watch(watcher: ConsumerWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** A new kafkajs consumer and producer, connected, subscribed and running: one run of the consumer. */
  private async open(): Promise<Run> {
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
        ...(this.options.fetchWaitMs === undefined ? { maxWaitTimeInMs: 250 } : waitingFetch(this.options.fetchWaitMs)),
        sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      }),
      dead: false,
      stopping: new AbortController(),
      inHand: new Set(),
      uncommitted: new Map(),
    };
    this.run = run;
    // kafkajs reports a crash only as this event: without a listener, a consumer it stops for good
    // (a non-retriable error) stays stopped, unnoticed.
    run.consumer.on(run.consumer.events.CRASH, ({ payload }) => this.crashed(run, payload.error, payload.restart));
    // A join ends every start, kafkajs's own restarts included (and every rebalance).
    run.consumer.on(run.consumer.events.GROUP_JOIN, () => this.joined(run));
    // Before run(): a crash while joining must find the timer there to clear.
    run.committer = setInterval(() => void this.commit(run), this.options.commitIntervalMs ?? 1_000);
    try {
      await run.producer.connect();
      await run.consumer.connect();
      // A new group starts at the earliest message: events published before this consumer first
      // ran are still to be applied.
      await run.consumer.subscribe({ topics, fromBeginning: true });
      await run.consumer.run({
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
        // Offsets are resolved below, message by message, once their transaction committed, and
        // committed on a timer (commitIntervalMs).
        eachBatchAutoResolve: false,
        autoCommit: false,
        eachBatch: (payload) => {
          const handling = this.onBatch(payload, run).finally(() => run.inHand.delete(handling));
          run.inHand.add(handling);
          return handling;
        },
      });
    } catch (error) {
      if (this.run === run) this.run = undefined;
      await this.close(run).catch((closing: Error) =>
        this.logger.warn(`closing after a failed start: ${closing.message}`),
      );
      throw error;
    }
    return run;
  }

  /** Ends a run: lets the batches in hand finish, commits what they applied, disconnects. */
  private async close(run: Run): Promise<void> {
    run.stopping.abort();
    clearInterval(run.committer);
    // The batches in hand stop at their next message (or backoff); what they applied is committed
    // while the consumer is still in its group.
    await Promise.allSettled(run.inHand);
    // With the broker away, kafkajs retries a commit for half a minute: not worth holding a shutdown
    // for (the next reader starts from the commit before, and the inbox skips what it applied).
    // A dead run's commit fails at once (kafkajs left the group): its messages are redelivered.
    await withTimeout(this.commit(run), 5_000, 'the last offset commit took too long').catch((error: Error) =>
      this.logger.warn(error.message),
    );
    // The consumer first: the message in hand may still need the producer for its dead letter.
    await run.consumer.disconnect();
    await run.producer.disconnect();
  }

  /** kafkajs's CRASH event. It has disconnected the consumer already, and restarts it only if `restart`. */
  private crashed(run: Run, error: Error, restart: boolean): void {
    // A run being closed, or a consumer being stopped: nothing to restart.
    if (this.run !== run || !this.active) return;
    this.enter('crashed', { crashes: this.current.crashes + 1, lastError: kindOf(error) });
    this.tell({ type: 'crashed', error, restarted: restart ? 'kafkajs' : 'backoff' });
    if (restart) {
      this.logger.warn(`crashed, kafkajs restarts it: ${error.message}`);
      return;
    }
    this.logger.error(`crashed and stopped, to be restarted: ${error.name}: ${error.message}`);
    run.dead = true;
    if (this.recovering) return;
    this.recovering = true;
    this.recovery = this.recover(this.active.signal);
  }

  private joined(run: Run): void {
    if (this.run !== run || !this.active || this.current.state === 'running') return;
    this.restarts.running(Date.now());
    this.enter('running');
  }

  /**
   * Replaces a dead run with a new one after a backoff, and again while the new one fails to start
   * or dies while starting. Ends once a run is up, or when stop() aborts `stopped`.
   */
  private async recover(stopped: AbortSignal): Promise<void> {
    for (;;) {
      // Due from now, closing included, so that the status says when at once.
      const delay = this.restarts.crashed(Date.now());
      const restartAt = Date.now() + delay;
      this.enter('crashed', { restartAt: new Date(restartAt) });
      this.logger.warn(`restarting in ${delay} ms`);
      const dead = this.run;
      this.run = undefined;
      if (dead) await this.close(dead).catch((error: Error) => this.logger.warn(`closing: ${error.message}`));
      let run: Run;
      try {
        await sleep(Math.max(0, restartAt - Date.now()), undefined, { signal: stopped });
        run = await this.open();
      } catch (error) {
        if (stopped.aborted) break;
        this.enter('crashed', { lastError: kindOf(error) });
        this.logger.warn(`restart failed: ${(error as Error).message}`);
        this.tell({ type: 'restarted', outcome: 'failed' });
        continue;
      }
      // Stopped meanwhile: stop() closes what was opened. Died while joining: round again.
      if (stopped.aborted) break;
      if (run.dead) continue;
      this.logger.log(`restarted, consuming ${this.options.topics.join(', ')}`);
      this.tell({ type: 'restarted', outcome: 'running' });
      break;
    }
    // Synchronously after the last look at this.run: a crash from now on starts a new loop.
    this.recovering = false;
  }

  private enter(state: ConsumerState, details: Partial<Omit<ConsumerStatus, 'state' | 'since'>> = {}): void {
    const { since, crashes, lastError } = this.current;
    // The last error stays once the consumer runs again: with `crashes`, the history at a glance.
    this.current = { state, since: state === this.current.state ? since : new Date(), crashes, lastError, ...details };
  }

  private tell(event: ConsumerEvent): void {
    for (const watcher of this.watchers) {
      try {
        watcher(event);
      } catch (error) {
        // A watcher's fault must not take the consumer down with it.
        this.logger.warn(`a watcher failed: ${(error as Error).message}`);
      }
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /**
   * Commits the offsets of what was applied since the last commit. A failed commit (a rebalance
   * moved the partitions; the broker is away) is not retried: whoever reads those partitions next
   * starts from the commit before, and the inbox skips what was applied since.
   */
  private async commit(run: Run): Promise<void> {
    // One commit at a time; what is applied meanwhile goes in the next (stop() waits for both).
    while (run.committing) await run.committing;
    if (run.uncommitted.size === 0) return;
    const offsets = [...run.uncommitted.values()];
    run.uncommitted.clear();
    run.committing = run.consumer
      .commitOffsets(offsets)
      .catch((error: Error) => this.logger.debug(`offset commit failed, left to the next reader: ${error.message}`))
      .finally(() => (run.committing = undefined));
    await run.committing;
  }

  /** Marks a message done: resolved for kafkajs's fetching, and due for the next commit. */
  private done(run: Run, payload: EachBatchPayload, offset: string): void {
    const { topic, partition } = payload.batch;
    payload.resolveOffset(offset);
    run.uncommitted.set(`${topic}:${partition}`, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
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

  /**
   * One fetched batch of one partition: its messages in order, in transactions of up to
   * maxMessagesPerTransaction. A message that cannot be parsed ends the transaction before it and is
   * dead-lettered on its own.
   */
  private async onBatch(payload: EachBatchPayload, run: Run): Promise<void> {
    const { batch } = payload;
    let chunk: Pending[] = [];
    const flush = async () => {
      const pending = chunk;
      chunk = [];
      await this.applyChunk(pending, payload, run);
    };
    for (const message of batch.messages) {
      if (!proceeding(payload, run)) return;
      const single: EachMessagePayload = {
        topic: batch.topic,
        partition: batch.partition,
        message,
        heartbeat: () => payload.heartbeat(),
        pause: () => payload.pause(),
      };
      const parsed = parseMessage(batch.topic, batch.partition, message);
      if (parsed.ok) {
        chunk.push({ single, received: parsed.message });
        if (chunk.length >= this.maxMessagesPerTransaction) await flush();
        continue;
      }
      await flush();
      if (!proceeding(payload, run)) return;
      await this.alone(single, parsed, payload, run);
    }
    await flush();
  }

  /**
   * Several messages in one transaction. If a handler fails, nothing of it is kept: the messages
   * before the failing one are applied again together, the failing one goes on alone from its
   * first failed attempt (retried, or dead-lettered), and the ones after it follow together. A
   * failure of the database itself is thrown, as for one message: the batch is fetched again.
   */
  private async applyChunk(chunk: Pending[], payload: EachBatchPayload, run: Run): Promise<void> {
    if (chunk.length === 0 || !proceeding(payload, run)) return;
    if (chunk.length === 1) {
      await this.alone(chunk[0].single, { ok: true, message: chunk[0].received }, payload, run);
      return;
    }
    const started = performance.now();
    const result = await this.applyTogether(chunk);
    if ('outcomes' in result) {
      const seconds = (performance.now() - started) / 1000;
      chunk.forEach(({ received }, i) => {
        this.done(run, payload, received.offset);
        this.options.onHandled?.(received.topic, result.outcomes[i], seconds);
      });
      await payload.heartbeat();
      return;
    }
    const { index, failure } = result;
    await this.applyChunk(chunk.slice(0, index), payload, run);
    if (!proceeding(payload, run)) return;
    await this.alone(chunk[index].single, { ok: true, message: chunk[index].received }, payload, run, failure);
    await this.applyChunk(chunk.slice(index + 1), payload, run);
  }

  /**
   * One transaction for several messages: their ids into the inbox in one statement, then each new
   * one applied in order. A handler's failure rolls all of it back and says which message failed.
   */
  private async applyTogether(
    chunk: Pending[],
  ): Promise<{ outcomes: ConsumeOutcome[] } | { index: number; failure: HandlerFailed }> {
    try {
      return await this.options.dataSource.transaction(async (tx) => {
        const recorded = await tx.query<{ message_id: string }[]>(
          `INSERT INTO inbox (consumer, message_id, topic)
           SELECT $1, m.id, m.topic FROM unnest($2::text[], $3::text[]) AS m (id, topic)
           ON CONFLICT DO NOTHING RETURNING message_id`,
          [this.options.name, chunk.map((p) => p.received.id), chunk.map((p) => p.received.topic)],
        );
        const fresh = new Set(recorded.map((row) => row.message_id));
        const outcomes: ConsumeOutcome[] = [];
        for (const [index, { received }] of chunk.entries()) {
          const at = `${received.topic}[${received.partition}]@${received.offset}`;
          // Deleted once applied: a second copy in the same chunk (produced twice) is a duplicate too.
          if (!fresh.delete(received.id)) {
            this.logger.debug(`${at}: ${received.id} was applied before; skipped`);
            outcomes.push('duplicate');
            continue;
          }
          try {
            // Logged in the message's span: the line carries its trace and correlation ids.
            await this.inSpan(received, async () => {
              await this.options.handler(received, tx);
              this.logger.debug(`${at}: ${received.type} ${received.id} applied`);
            });
          } catch (error) {
            throw new FailedInChunk(index, new HandlerFailed(error));
          }
          outcomes.push('applied');
        }
        return { outcomes };
      });
    } catch (error) {
      if (error instanceof FailedInChunk) return { index: error.index, failure: error.failure };
      throw error;
    }
  }

  /**
   * One message alone, as parsed in onBatch, then marked done; `failed`: its first attempt was made,
   * and failed, in a shared transaction.
   */
  private async alone(
    single: EachMessagePayload,
    parsed: ParseResult,
    payload: EachBatchPayload,
    run: Run,
    failed?: HandlerFailed,
  ): Promise<void> {
    const started = performance.now();
    let outcome: ConsumeOutcome = 'dead_lettered';
    if (parsed.ok) outcome = await this.inSpan(parsed.message, () => this.handle(parsed.message, single, run, failed));
    else await this.deadLetter(run, single, parsed.reason);
    this.options.onHandled?.(single.topic, outcome, (performance.now() - started) / 1000);
    this.done(run, payload, single.message.offset);
    await payload.heartbeat();
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
  private async handle(
    received: ReceivedMessage,
    payload: EachMessagePayload,
    run: Run,
    failed?: HandlerFailed,
  ): Promise<ConsumeOutcome> {
    const at = `${received.topic}[${received.partition}]@${received.offset}`;
    for (let attempt = 1; ; attempt++) {
      try {
        if (attempt === 1 && failed) throw failed;
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
