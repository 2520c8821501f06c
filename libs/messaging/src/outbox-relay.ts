import { Logger } from '@nestjs/common';
import type { ITopicConfig, Message, Producer, ProducerBatch } from 'kafkajs';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { KafkaClient } from './kafka-client';
import { closeConnection, LeaderLease } from './leader-lease';
import { refusedForGood, sendApart } from './outbox-parking';
import { withTimeout } from './timeout';

export interface OutboxRelayOptions {
  /** The service's schema: the outbox table's home, and the name of the NOTIFY channel. */
  schema: string;
  /** A connection URL for the relay's own connections: its LISTEN, and its lock. */
  databaseUrl: string;
  /** How soon the relay lock of an instance that went silent is free for another; default 6 s (LeaderLease). */
  leaseMs?: number;
  batchSize?: number;
  /** A fallback poll, in case a notification was missed (the LISTEN connection was re-opened). */
  pollIntervalMs?: number;
  /** Topics to create (if missing) before the first publish: the broker creates none by itself. */
  topics?: ITopicConfig[];
  /** Told of each batch once Kafka acknowledged it (metrics: how many, how long they waited). */
  onPublished?: (messages: PublishedMessage[]) => void;
  /** A send not acknowledged within this long is given up and retried with a new producer; default 60 s. */
  sendTimeoutMs?: number;
}

export interface PublishedMessage {
  topic: string;
  /** When the message was written to the outbox, in the transaction of its events. */
  createdAt: Date;
}

/** The messages still to publish (not parked); the two reads below order and limit them. */
const UNPUBLISHED_ROWS = `
  SELECT id::text AS id, topic, message_key, payload, headers, created_at FROM outbox
   WHERE published_at IS NULL AND parked_at IS NULL`;

/** The oldest unpublished messages; `$1` is how many. */
const UNPUBLISHED = `${UNPUBLISHED_ROWS} ORDER BY outbox.id LIMIT $1`;

/**
 * Marks the batch Kafka acknowledged (`$1`, its ids) and reads the next one (`$2` at most), in one
 * statement: one round trip instead of two per batch, and under a steady flow of commands there is
 * always a next batch. The read sees the table as it was before the update, so the ids just marked
 * are left out by hand. (Order by the bigint column, not by the text alias of the same name: "10"
 * sorts before "9".)
 */
const MARK_AND_READ_NEXT = `
  WITH marked AS (UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[]))
  ${UNPUBLISHED_ROWS} AND NOT (id = ANY($1::bigint[])) ORDER BY outbox.id LIMIT $2`;

const MARK_PUBLISHED = `UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`;
const PARK = `UPDATE outbox SET parked_at = now(), park_error = $2 WHERE id = $1`;

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: object;
  headers: Record<string, string>;
  created_at: Date;
}

/**
 * Publishes the outbox to Kafka: oldest first, one batch at a time, and marks a batch published only
 * after Kafka acknowledged it on all in-sync replicas. If Kafka is down the same batch is retried
 * (with backoff) until it goes through, so nothing is lost or overtaken; a crash between publishing
 * and marking republishes the batch: delivery is at least once and consumers deduplicate by `ce_id`.
 * A message Kafka refuses for good (larger than its topic takes) is parked instead of retried, so
 * that it does not hold up the rest (publishApart).
 *
 * Per-aggregate order: two appends to one stream never commit out of order (the second one read the
 * first one's version), so their outbox ids are in commit order, and messages keyed by the aggregate
 * id land on one partition in that order. Only one relay per schema publishes at a time (a Postgres
 * advisory lock, held on a connection of its own as a lease that a dead or silently cut connection
 * gives up within seconds: LeaderLease), so several service instances cannot interleave.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly sendTimeoutMs: number;
  private producer?: Producer;
  private listener?: Client;
  private readonly lease: LeaderLease;
  /** Whether this instance led at its last look: to log taking and losing the lock once each. */
  private leading = false;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pending = true;
  private failures = 0;
  private topicsReady = false;
  /** The next batch, read by the statement that marked the last one published. */
  private nextBatch?: OutboxRow[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaClient,
    private readonly options: OutboxRelayOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.sendTimeoutMs = options.sendTimeoutMs ?? 60_000;
    this.lease = new LeaderLease({
      databaseUrl: options.databaseUrl,
      name: `${options.schema}:outbox-relay`,
      leaseMs: options.leaseMs,
      applicationName: 'outbox-relay',
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    // While Kafka is down a send waits for it indefinitely (the idempotent producer retries forever);
    // disconnecting the producer below aborts it, and the batch stays pending for the next start.
    await Promise.race([this.loop, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    await this.producer?.disconnect().catch(() => undefined);
    await this.closeListener();
    await this.lease.release();
    this.leading = false;
  }

  /** Whether this instance holds the relay lock, so is the one publishing. */
  get isLeader(): boolean {
    return this.lease.held;
  }

  /** Messages not yet acknowledged by Kafka. */
  async backlog(): Promise<number> {
    return (await this.unpublished()).messages;
  }

  /**
   * Messages still to publish, and how long the oldest of them has waited (0: none); and the parked
   * ones, which Kafka refused for good and which wait for an operator.
   */
  async unpublished(): Promise<{ messages: number; oldestSeconds: number; parked: number }> {
    const [unpublished] = await this.dataSource.query<{ messages: number; oldestSeconds: number; parked: number }[]>(
      `SELECT count(*) FILTER (WHERE parked_at IS NULL)::int AS messages,
              coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0)::float8 AS "oldestSeconds",
              count(*) FILTER (WHERE parked_at IS NOT NULL)::int AS parked
         FROM outbox WHERE published_at IS NULL`,
    );
    return unpublished;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        if (await this.becomeLeader()) published = await this.publishBatch();
        // A standby publishes nothing: it asks for the lock again at the next poll, not at once (which
        // would be a loop of lock queries for as long as another instance publishes).
        else {
          this.pending = false;
          this.nextBatch = undefined;
        }
        this.failures = 0;
      } catch (error) {
        this.failures++;
        this.logger.warn(`publishing failed (attempt ${this.failures}), will retry: ${(error as Error).message}`);
      }
      // A next batch in hand, or a full one (there is probably more): go on at once. Otherwise sleep
      // until a commit notifies us, the fallback poll fires, or (after a failure) the backoff has passed.
      if ((published < this.batchSize && !this.nextBatch) || this.failures > 0) await this.sleep();
    }
  }

  private async publishBatch(): Promise<number> {
    if (!this.topicsReady) {
      await this.kafka.ensureTopics(this.options.topics ?? []);
      this.topicsReady = true;
    }
    this.pending = false;
    const rows = this.nextBatch ?? (await this.dataSource.query<OutboxRow[]>(UNPUBLISHED, [this.batchSize]));
    this.nextBatch = undefined;
    if (rows.length === 0) return 0;

    try {
      await this.send(batchOf(rows));
    } catch (error) {
      if (!refusedForGood(error)) throw error;
      await this.publishApart(rows, error as Error);
      return rows.length;
    }
    const next = await this.dataSource.query<OutboxRow[]>(MARK_AND_READ_NEXT, [
      rows.map((row) => row.id),
      this.batchSize,
    ]);
    if (next.length > 0) this.nextBatch = next;
    this.options.onPublished?.(rows.map((row) => ({ topic: row.topic, createdAt: row.created_at })));
    return rows.length;
  }

  /**
   * A batch Kafka refused for good: sent again in parts, so that only the messages it refuses on
   * their own are parked (with the broker's error, at error level, counted by `unpublished()`), and
   * the others go out in order.
   */
  private async publishApart(rows: OutboxRow[], refusal: Error): Promise<void> {
    this.logger.warn(`Kafka refused a batch of ${rows.length} for good, sending it in parts: ${refusal.message}`);
    await sendApart(
      rows,
      async (part) => {
        await this.send(batchOf(part));
        await this.dataSource.query(MARK_PUBLISHED, [part.map((row) => row.id)]);
        this.options.onPublished?.(part.map((row) => ({ topic: row.topic, createdAt: row.created_at })));
      },
      async (row, reason) => {
        await this.dataSource.query(PARK, [row.id, reason]);
        this.logger.error(
          `parked outbox message ${row.id} (topic ${row.topic}, key ${row.message_key}, ce_id ${row.headers.ce_id}): ` +
            `Kafka refuses it for good, so it is left out until an operator clears its parked_at: ${reason}`,
        );
      },
    );
    // What follows the batch goes out at once.
    this.pending = true;
  }

  /**
   * Sends one batch. A producer whose send failed is not used again: a new one (a new producer id,
   * new connections, fresh metadata) retries the batch. kafkajs's idempotent producer retries a send
   * by itself while Kafka is away, but the fault suite's Kafka outage once left a relay's batch
   * unacknowledged for minutes after the broker was back, while the same service's consumers read
   * again; a send also has a deadline, past which its producer is disconnected (which ends the send)
   * and replaced. The batch stays unpublished until a send is acknowledged, and the next batch waits
   * for that: at least once, never reordered. A copy sent by the abandoned producer may also have
   * been written; consumers skip it by its ce_id.
   */
  private async send(batch: ProducerBatch): Promise<void> {
    try {
      const producer = await this.connectedProducer();
      const sending = producer.sendBatch(batch);
      // Once the deadline has won the race, the abandoned send's own failure is nobody's business.
      sending.catch(() => undefined);
      await withTimeout(
        sending,
        this.sendTimeoutMs,
        `Kafka did not acknowledge the batch within ${this.sendTimeoutMs} ms`,
      );
    } catch (error) {
      await this.dropProducer();
      throw error;
    }
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      // Idempotent with one request in flight: a retried send can neither duplicate nor reorder
      // messages within a partition.
      const producer = this.kafka.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  /**
   * Opens the LISTEN connection if needed, and takes the relay lock if it is free (see LeaderLease:
   * if this process dies or its connection is cut, another instance's relay takes over at its next
   * poll, `pollIntervalMs`, once the lease has run out).
   */
  private async becomeLeader(): Promise<boolean> {
    if (!this.listener) {
      const listener = new Client({
        connectionString: this.options.databaseUrl,
        application_name: 'outbox-relay-listener',
        connectionTimeoutMillis: 5_000,
        keepAlive: true,
      });
      listener.on('notification', () => this.notify());
      listener.on('error', (error) => {
        this.logger.warn(`LISTEN connection lost: ${error.message}`);
        void this.closeListener();
      });
      // A LISTEN connection that does not open (or answer) in time is dropped and opened again later.
      const listening = (async () => {
        await listener.connect();
        await listener.query(`LISTEN ${listener.escapeIdentifier(`${this.options.schema}_outbox`)}`);
      })();
      await withTimeout(listening, 5_000, 'the LISTEN connection did not open in 5 s').catch(async (error) => {
        await closeConnection(listener);
        throw error;
      });
      this.listener = listener;
      this.pending = true;
    }
    const leading = await this.lease.tryAcquire();
    if (leading && !this.leading) {
      // Whatever the instance before left unpublished goes out at once.
      this.pending = true;
      this.logger.log(`took the relay lock of schema ${this.options.schema}: publishing from here`);
    } else if (!leading && this.leading && this.running) {
      this.logger.warn(`lost the relay lock of schema ${this.options.schema}: standing by`);
    }
    this.leading = leading;
    return leading;
  }

  private async closeListener(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    if (listener) await closeConnection(listener);
  }

  private notify(): void {
    // Commits wake only the instance that publishes; a standby keeps to its poll.
    if (!this.isLeader) return;
    this.pending = true;
    // During a Kafka outage, new commits must not cut the backoff short.
    if (this.failures === 0) this.wake?.();
  }

  private sleep(): Promise<void> {
    if (!this.running || (this.pending && this.failures === 0)) return Promise.resolve();
    const ms = this.failures > 0 ? Math.min(200 * 2 ** (this.failures - 1), 5_000) : this.pollIntervalMs;
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/** One send for `rows`, grouped by topic, in order within each. */
function batchOf(rows: OutboxRow[]): ProducerBatch {
  const byTopic = new Map<string, Message[]>();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push({ key: row.message_key, value: JSON.stringify(row.payload), headers: row.headers });
    byTopic.set(row.topic, messages);
  }
  return { acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) };
}
