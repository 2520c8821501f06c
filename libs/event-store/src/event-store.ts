import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ConcurrencyError } from './errors';
import type { CommandContext, DomainEvent, EventMetadata, StoredEvent } from './events';
import type { InlineProjection } from './projection';
import { EventRegistry } from './registry';

/** `0` means "the stream must not exist yet"; `'any'` skips the check (used with care). */
export type ExpectedVersion = number | 'any';

/** A message for other services, written to the outbox in the append's transaction. */
export interface OutboxMessage {
  topic: string;
  /** The Kafka message key: the aggregate id, so one aggregate's messages stay in order. */
  key: string;
  /** The CloudEvents type, e.g. `accord.partner.registered.v1`. */
  type: string;
  payload: object;
}

/**
 * Turns freshly stored events into the integration messages other services receive. It runs in the
 * append's transaction after the inline projections, so it may read the updated read models (`tx`).
 */
export type Publisher = (events: StoredEvent[], tx: EntityManager) => OutboxMessage[] | Promise<OutboxMessage[]>;

export interface EventStoreOptions {
  registry?: EventRegistry;
  projections?: InlineProjection[];
  publish?: Publisher;
  /** The CloudEvents `source` of what this store publishes, e.g. `accord/partner-service`. */
  source: string;
}

/** Where a reader of all events stands: after this transaction id and position. */
export interface Checkpoint {
  transactionId: string;
  position: string;
}

export const START: Checkpoint = { transactionId: '0', position: '0' };

export interface AppendResult {
  /** The stream's version after the append: the next `expectedVersion`, and the resource's ETag. */
  nextExpectedVersion: number;
  events: StoredEvent[];
}

interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  data: object;
  metadata: EventMetadata;
  recorded_at: Date;
}

/** Bigints travel as text (JS numbers cannot hold them); ORDER BY must name the table's columns. */
const COLUMNS = `global_position::text AS global_position, transaction_id::text AS transaction_id, stream_id,
  stream_version, event_type, schema_version, data, metadata, recorded_at`;

/** Postgres's code for a unique violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * The event store of one service, in the tables of its schema (see the CreateEventStore migration).
 * Appends are atomic per call; the inline projections and the outbox are written in the same
 * transaction, so a successful append has updated its read models and queued its messages, and a
 * failed one has changed nothing.
 */
export class PostgresEventStore {
  readonly registry: EventRegistry;
  readonly projections: InlineProjection[];

  constructor(
    readonly dataSource: DataSource,
    private readonly options: EventStoreOptions,
  ) {
    this.registry = options.registry ?? new EventRegistry();
    this.projections = options.projections ?? [];
  }

  async append(
    streamId: string,
    events: DomainEvent[],
    expectedVersion: ExpectedVersion,
    context: CommandContext,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    try {
      return await this.dataSource.transaction((tx) => this.appendIn(tx, streamId, events, expectedVersion, context));
    } catch (error) {
      // Two writers decided on the same version; the second insert hit the unique key and its whole
      // transaction rolled back: nothing of it was written.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && String(error).includes('events_stream_version')) {
        throw new ConcurrencyError(
          streamId,
          expectedVersion === 'any' ? -1 : expectedVersion,
          await this.version(streamId),
        );
      }
      throw error;
    }
  }

  private async appendIn(
    tx: EntityManager,
    streamId: string,
    events: DomainEvent[],
    expectedVersion: ExpectedVersion,
    context: CommandContext,
  ): Promise<AppendResult> {
    // Shared with every other append; a projection rebuild takes it exclusively for its final swap,
    // so that no append is half-way between the event table and the read model while it swaps.
    await tx.query(`SELECT pg_advisory_xact_lock_shared(hashtext(current_schema() || ':append'))`);
    const [{ version }] = await tx.query<{ version: number }[]>(
      'SELECT coalesce(max(stream_version), 0)::int AS version FROM events WHERE stream_id = $1',
      [streamId],
    );
    if (expectedVersion !== 'any' && version !== expectedVersion) {
      throw new ConcurrencyError(streamId, expectedVersion, version);
    }

    const params: unknown[] = [];
    const rows = events.map((event, i) => {
      const metadata: EventMetadata = {
        eventId: randomUUID(),
        correlationId: context.correlationId,
        causationId: context.causationId,
        actor: context.actor,
        occurredAt: context.now.toISOString(),
        schemaVersion: this.registry.currentVersion(event.type),
      };
      params.push(
        metadata.eventId,
        streamId,
        version + i + 1,
        event.type,
        metadata.schemaVersion,
        event.data,
        metadata,
      );
      const p = i * 7;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7})`;
    });
    const inserted = await tx.query<EventRow[]>(
      `INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata)
       VALUES ${rows.join(', ')} RETURNING ${COLUMNS}`,
      params,
    );
    const stored = inserted.map((row) => this.toStored(row));

    for (const event of stored) {
      for (const projection of this.projections) {
        if (projection.handles.includes(event.type)) await projection.apply(tx, event);
      }
    }
    const messages = (await this.options.publish?.(stored, tx)) ?? [];
    if (messages.length > 0) await this.enqueue(tx, messages, stored[stored.length - 1]);

    return { nextExpectedVersion: version + events.length, events: stored };
  }

  /** Writes messages to the outbox and wakes the relay when the transaction commits. */
  private async enqueue(tx: EntityManager, messages: OutboxMessage[], cause: StoredEvent): Promise<void> {
    const params: unknown[] = [];
    const rows = messages.map((message, i) => {
      const headers = {
        ce_specversion: '1.0',
        ce_id: randomUUID(),
        ce_type: message.type,
        ce_source: this.options.source,
        ce_subject: message.key,
        ce_time: cause.metadata.occurredAt,
        'content-type': 'application/json',
        correlation_id: cause.metadata.correlationId,
        causation_id: cause.metadata.eventId,
        actor: cause.metadata.actor,
      };
      params.push(headers.ce_id, message.topic, message.key, message.payload, headers);
      const p = i * 5;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5})`;
    });
    await tx.query(
      `INSERT INTO outbox (message_id, topic, message_key, payload, headers) VALUES ${rows.join(', ')}`,
      params,
    );
    // NOTIFY is delivered only if and when the transaction commits: the relay never wakes for a
    // message that was rolled back, and never misses one that committed.
    await tx.query(`SELECT pg_notify(current_schema() || '_outbox', '')`);
  }

  /** The current version of a stream; 0 when it does not exist. */
  async version(streamId: string): Promise<number> {
    const [{ version }] = await this.dataSource.query<{ version: number }[]>(
      'SELECT coalesce(max(stream_version), 0)::int AS version FROM events WHERE stream_id = $1',
      [streamId],
    );
    return version;
  }

  /**
   * One stream's events in order, optionally only up to a version or a point in time (the state
   * "as of" a date is the fold of the events recorded until then).
   */
  async readStream(streamId: string, until: { version?: number; time?: Date } = {}): Promise<StoredEvent[]> {
    const rows = await this.dataSource.query<EventRow[]>(
      `SELECT ${COLUMNS} FROM events
        WHERE stream_id = $1 AND ($2::int IS NULL OR stream_version <= $2) AND ($3::timestamptz IS NULL OR recorded_at <= $3)
        ORDER BY stream_version`,
      [streamId, until.version ?? null, until.time ?? null],
    );
    return rows.map((row) => this.toStored(row));
  }

  /**
   * Every event of the store after `checkpoint`, oldest first, for subscribers and rebuilds.
   *
   * Positions are taken when a row is inserted, but transactions commit in any order: a reader that
   * went by position alone could pass position 10 while 9 is still uncommitted, and never see 9.
   * So a reader only goes as far as the oldest transaction still in flight
   * (`pg_snapshot_xmin`), and orders by (transaction id, position): a transaction that commits later
   * than others always has events after the reader's checkpoint, never before it.
   */
  async readAll(checkpoint: Checkpoint = START, limit = 1000, tx?: EntityManager): Promise<StoredEvent[]> {
    const rows = await (tx ?? this.dataSource).query<EventRow[]>(
      `SELECT ${COLUMNS} FROM events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
        ORDER BY events.transaction_id, events.global_position
        LIMIT $3`,
      [checkpoint.transactionId, checkpoint.position, limit],
    );
    return rows.map((row) => this.toStored(row));
  }

  /**
   * Like readAll, but without stopping at transactions in flight. Only sound while the caller holds
   * the append lock exclusively (a projection rebuild's final step): then no append is in flight,
   * and an unrelated long transaction must not hold the reader back.
   */
  async readAllWhileAppendsHeld(checkpoint: Checkpoint, limit: number, tx: EntityManager): Promise<StoredEvent[]> {
    const rows = await tx.query<EventRow[]>(
      `SELECT ${COLUMNS} FROM events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
        ORDER BY events.transaction_id, events.global_position
        LIMIT $3`,
      [checkpoint.transactionId, checkpoint.position, limit],
    );
    return rows.map((row) => this.toStored(row));
  }

  private toStored(row: EventRow): StoredEvent {
    return {
      type: row.event_type,
      data: this.registry.upcast(row.event_type, row.schema_version, row.data),
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      globalPosition: row.global_position,
      transactionId: row.transaction_id,
      metadata: { ...row.metadata, schemaVersion: this.registry.currentVersion(row.event_type) },
      recordedAt: row.recorded_at,
    };
  }
}

export function checkpointAfter(event: StoredEvent): Checkpoint {
  return { transactionId: event.transactionId, position: event.globalPosition };
}
