import type { PoolClient } from 'pg';
import { createHash, randomUUID } from 'node:crypto';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { ConcurrencyError } from './errors';
import type { CommandContext, DomainEvent, EventMetadata, NewEvent, StoredEvent } from './events';
import type { EventStoreObserver } from './observer';
import type { InlineProjection, ProjectedRow } from './projection';
import { EventRegistry } from './registry';

/** The version the events are decided on: `0` means "the stream must not exist yet". */
export type ExpectedVersion = number;

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
 * Turns the events of one append into the messages other services receive, given the aggregate as
 * it stands after them (`state`, from the decider; undefined when the caller has none). Pure: its
 * messages are written to the outbox by the append's own statement, so they commit with the events
 * or not at all, and cost no round trip of their own.
 */
export type Publisher = (events: NewEvent[], state: unknown) => OutboxMessage[];

export interface EventStoreOptions {
  registry?: EventRegistry;
  projections?: InlineProjection[];
  publish?: Publisher;
  /** The CloudEvents `source` of what this store publishes, e.g. `accord/partner-service`. */
  source: string;
  /** Told of commands, conflicts and appends (metrics); nothing by default. */
  observer?: EventStoreObserver;
  /** When a command without its own `now` is recorded: the service's `Clock`; the wall clock by default. */
  clock?: () => Date;
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

/** What an append gets back: `version` always, the rest only for rows it inserted. */
interface AppendRow {
  version: number;
  stream_version: number | null;
  global_position: string | null;
  transaction_id: string | null;
  recorded_at: Date | null;
}

/**
 * An append in one statement: the append lock, the version check, the insert and the outbox rows
 * with their NOTIFY, which used to be five round trips. `$2` is the expected version. When it is
 * stale nothing is inserted, nothing queued, and the one row returned carries the current version
 * with NULLs. Data, metadata, payloads and headers travel as one JSON array each (`$6`, `$7`, `$11`,
 * `$12`): a jsonb[] parameter would have every quote in them escaped. The outbox rows are inserted
 * in the order of the messages (their ids are the relay's order), and only if the events were.
 *
 * NOTIFY is delivered only if and when the transaction commits: the relay never wakes for a message
 * that was rolled back, and never misses one that committed.
 *
 * The lock is shared with every other append; a projection rebuild takes it exclusively for its
 * final swap, so that no append is half-way between the event table and the read model while it
 * swaps. It is taken in the materialized `current` row, which the insert reads before writing
 * anything. The version read may come from a snapshot older than the lock, which is safe: a
 * concurrent writer of the same version still hits the unique key (stream_id, stream_version).
 */
const APPEND_CTES = `
  WITH current AS MATERIALIZED (
    SELECT pg_advisory_xact_lock_shared(hashtext(current_schema() || ':append')) AS locked,
           (SELECT coalesce(max(stream_version), 0) FROM events WHERE stream_id = $1)::int AS version
  ),
  inserted AS (
    INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata)
    SELECT e.event_id, $1, current.version + e.n::int, e.event_type, e.schema_version, e.data, e.metadata
      FROM current,
           ROWS FROM (unnest($3::uuid[]), unnest($4::text[]), unnest($5::smallint[]),
                      jsonb_array_elements($6::jsonb), jsonb_array_elements($7::jsonb))
             WITH ORDINALITY AS e (event_id, event_type, schema_version, data, metadata, n)
     WHERE current.version = $2::int
    RETURNING stream_version, global_position::text AS global_position, transaction_id::text AS transaction_id,
              recorded_at
  ),
  queued AS (
    INSERT INTO outbox (message_id, topic, message_key, payload, headers)
    SELECT m.message_id, m.topic, m.message_key, m.payload, m.headers
      FROM ROWS FROM (unnest($8::uuid[]), unnest($9::text[]), unnest($10::text[]),
                      jsonb_array_elements($11::jsonb), jsonb_array_elements($12::jsonb))
             WITH ORDINALITY AS m (message_id, topic, message_key, payload, headers, n)
     WHERE EXISTS (SELECT FROM inserted)
     ORDER BY m.n
    RETURNING 1
  )`;
const APPEND_RESULT = `
  SELECT current.version, inserted.*,
         (SELECT pg_notify(current_schema() || '_outbox', '') WHERE EXISTS (SELECT FROM queued))::text AS notified
    FROM current LEFT JOIN inserted ON true
   ORDER BY inserted.stream_version`;

/** The append alone, named for the prepared statement. */
const APPEND = { name: 'accord_append_v2', text: `${APPEND_CTES}${APPEND_RESULT}` };

/** A projected row by its table's column names: `keys` find the row to update (none: a new row). */
interface ProjectedColumns {
  table: string;
  values: Record<string, unknown>;
  keys: string[];
}

const statements = new Map<string, { name: string; text: string }>();

/**
 * The append with the rows it writes: each row's insert or update is one more part of the
 * statement, from its values as one JSON object (`$13` on), and only if the events were inserted.
 * A statement per shape of rows (tables, keys and columns), prepared under a name of its own.
 */
function appendStatement(rows: ProjectedColumns[]): { name: string; text: string } {
  if (rows.length === 0) return APPEND;
  const shape = rows
    .map((row) => `${row.table}[${row.keys.join(',')}](${Object.keys(row.values).join(',')})`)
    .join(' ');
  let statement = statements.get(shape);
  if (!statement) {
    const parts = rows.map((row, i) => {
      const record = `jsonb_populate_record(NULL::"${row.table}", $${13 + i}::jsonb)`;
      if (row.keys.length > 0) {
        const sets = Object.keys(row.values)
          .filter((column) => !row.keys.includes(column))
          .map((column) => `"${column}" = r."${column}"`)
          .join(', ');
        const found = row.keys.map((column) => `t."${column}" = r."${column}"`).join(' AND ');
        return `,
  projected_${i} AS (
    UPDATE "${row.table}" AS t SET ${sets} FROM ${record} AS r
     WHERE ${found} AND EXISTS (SELECT FROM inserted)
  )`;
      }
      const columns = Object.keys(row.values)
        .map((column) => `"${column}"`)
        .join(', ');
      return `,
  projected_${i} AS (
    INSERT INTO "${row.table}" (${columns})
    SELECT ${columns} FROM ${record}
     WHERE EXISTS (SELECT FROM inserted)
  )`;
    });
    const text = `${APPEND_CTES}${parts.join('')}${APPEND_RESULT}`;
    statement = { name: `accord_append_v2_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text };
    statements.set(shape, statement);
  }
  return statement;
}

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
  readonly observer: EventStoreObserver;
  /** The caller's transaction this store writes in (see `within`); none: a transaction per append. */
  private enclosing?: EntityManager;

  constructor(
    readonly dataSource: DataSource,
    private readonly options: EventStoreOptions,
  ) {
    this.registry = options.registry ?? new EventRegistry();
    this.projections = options.projections ?? [];
    this.observer = options.observer ?? {};
  }

  /**
   * This store, reading and writing in the caller's transaction: what an append writes (events, read
   * models, outbox) commits with whatever else `tx` writes, such as a consumer's inbox row and the
   * copy a reaction read, or not at all. Each append is a savepoint, so a conflict that the command
   * handler retries rolls back only that append.
   */
  within(tx: EntityManager): PostgresEventStore {
    const store = Object.create(this) as PostgresEventStore;
    store.enclosing = tx;
    return store;
  }

  /**
   * Appends `events` to a stream at `expectedVersion`, with what they publish (given `state`, the
   * aggregate after them, for the publisher) in the same statement.
   */
  async append(
    streamId: string,
    events: DomainEvent[],
    expectedVersion: ExpectedVersion,
    context: CommandContext,
    state?: unknown,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const recorded = this.recording(streamId, events, expectedVersion, context);
    try {
      // With nothing else to write in its transaction (nothing of the caller's, no projection for
      // these events, or only rows that the statement writes itself), the append is one statement,
      // and Postgres makes a statement a transaction of its own: one round trip instead of four
      // (BEGIN, the statement, the read model, COMMIT).
      const rows = this.enclosing || context.alsoCommit ? undefined : this.rowsOf(recorded);
      const result = rows
        ? await this.appendIn(undefined, recorded, expectedVersion, state, rows)
        : await (this.enclosing ?? this.dataSource.manager).transaction((tx) =>
            this.appendIn(tx, recorded, expectedVersion, state, [], context),
          );
      this.observer.appended?.(result.events);
      return result;
    } catch (error) {
      // Two writers decided on the same version; the second insert hit the unique key and its whole
      // transaction rolled back: nothing of it was written.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && String(error).includes('events_stream_version')) {
        throw new ConcurrencyError(streamId, expectedVersion, await this.version(streamId));
      }
      throw error;
    }
  }

  /**
   * The events as they will be recorded: each its own id, the command's context, the store's time.
   * Their data is serialized and parsed back, so that projections and publishers see it as a
   * rebuild will (plain JSON: no Dates, no undefined members), not the caller's objects.
   */
  private recording(
    streamId: string,
    events: DomainEvent[],
    expectedVersion: number,
    context: CommandContext,
  ): NewEvent[] {
    const occurredAt = (context.now ?? this.options.clock?.() ?? new Date()).toISOString();
    return events.map((event, i): NewEvent => ({
      type: event.type,
      data: JSON.parse(JSON.stringify(event.data)) as object,
      streamId,
      streamVersion: expectedVersion + i + 1,
      metadata: {
        eventId: randomUUID(),
        correlationId: context.correlationId,
        causationId: context.causationId,
        actor: context.actor,
        occurredAt,
        schemaVersion: this.registry.currentVersion(event.type),
        ...(context.traceparent && { traceparent: context.traceparent }),
      },
    }));
  }

  /**
   * The rows the events write, when that is all the projections do with them (see
   * `InlineProjection.row`); undefined when any projection has more to do, or when two rows are for
   * one table: the parts of one statement all see the tables as they were before it, so a second
   * write to a row would not see the first.
   */
  private rowsOf(events: NewEvent[]): ProjectedRow[] | undefined {
    const rows: ProjectedRow[] = [];
    for (const event of events) {
      for (const projection of this.projections) {
        if (!projection.handles.includes(event.type)) continue;
        const row = projection.row?.(event);
        if (!row || rows.some((earlier) => earlier.entity === row.entity)) return undefined;
        rows.push(row);
      }
    }
    return rows;
  }

  /**
   * `tx` is the append's transaction, in which the projections then apply the events and the
   * caller writes what it also commits; none when the append is a statement alone, which inserts
   * `rows` too.
   */
  private async appendIn(
    tx: EntityManager | undefined,
    recorded: NewEvent[],
    expectedVersion: ExpectedVersion,
    state: unknown,
    rows: ProjectedRow[],
    context?: CommandContext,
  ): Promise<AppendResult> {
    const { streamId } = recorded[0];
    const messages = this.options.publish?.(recorded, state) ?? [];
    const cause = recorded[recorded.length - 1].metadata;
    const headers = messages.map((message) => this.headersOf(message, cause));
    const projected = rows.map((row) => this.columnsOf(row));
    const inserted = await this.insert(tx, appendStatement(projected), [
      streamId,
      expectedVersion,
      recorded.map((e) => e.metadata.eventId),
      recorded.map((e) => e.type),
      recorded.map((e) => e.metadata.schemaVersion),
      JSON.stringify(recorded.map((e) => e.data)),
      JSON.stringify(recorded.map((e) => e.metadata)),
      headers.map((h) => h.ce_id),
      messages.map((m) => m.topic),
      messages.map((m) => m.key),
      JSON.stringify(messages.map((m) => m.payload)),
      JSON.stringify(headers),
      ...projected.map((p) => JSON.stringify(p.values)),
    ]);
    const { version } = inserted[0];
    if (inserted[0].stream_version === null) throw new ConcurrencyError(streamId, expectedVersion, version);
    // The rows hold what was sent; only what Postgres assigned comes back (ordered by stream_version).
    const stored = inserted.map((row, i): StoredEvent => ({
      ...recorded[i],
      globalPosition: row.global_position!,
      transactionId: row.transaction_id!,
      recordedAt: row.recorded_at!,
    }));

    if (!tx) return { nextExpectedVersion: version + recorded.length, events: stored };
    for (const event of stored) {
      for (const projection of this.projections) {
        if (projection.handles.includes(event.type)) await projection.apply(tx, event);
      }
    }
    await context?.alsoCommit?.(tx, { streamId, version: version + recorded.length });

    return { nextExpectedVersion: version + recorded.length, events: stored };
  }

  /**
   * A projected row as its table's columns, with the values its entity's transformers write (a key
   * property, in `where`, among them).
   */
  private columnsOf(row: ProjectedRow): ProjectedColumns {
    const metadata = this.dataSource.getMetadata(row.entity);
    const values: Record<string, unknown> = {};
    const keys: string[] = [];
    for (const column of metadata.columns) {
      const keyValue: unknown = row.where?.[column.propertyName];
      let value = keyValue ?? (row.values as Record<string, unknown>)[column.propertyName];
      if (value === undefined) continue;
      for (const transformer of [column.transformer ?? []].flat()) value = transformer.to(value);
      values[column.databaseName] = value;
      if (keyValue !== undefined) keys.push(column.databaseName);
    }
    // An update that found no key would be an insert, and one with nothing to set no statement.
    if (row.where && (keys.length === 0 || keys.length === Object.keys(values).length)) {
      throw new Error(`a projected update of ${metadata.tableName} needs a key and a value to set`);
    }
    return { table: metadata.tableName, values, keys };
  }

  /**
   * Runs the append as a named prepared statement on the transaction's connection (or a pooled
   * one). Postgres then plans it once per connection instead of on every append, where planning
   * cost twice as much as executing (EXPLAIN ANALYZE: 0.3 ms against 0.13 ms). TypeORM only sends
   * unnamed statements, so this one goes to the pg client underneath; its errors are wrapped as
   * TypeORM's are, so that a caller tells a violated key the same way whichever statement hit it.
   * Poolers in transaction mode need protocol-level prepared statement support for it (PgBouncer
   * 1.21 and later).
   */
  private async insert(
    tx: EntityManager | undefined,
    statement: { name: string; text: string },
    values: unknown[],
  ): Promise<AppendRow[]> {
    const runner = tx?.queryRunner ?? this.dataSource.createQueryRunner();
    try {
      const client = (await (runner as PostgresQueryRunner).connect()) as PoolClient;
      const { rows } = await client.query<AppendRow>({ ...statement, values });
      return rows;
    } catch (error) {
      throw error instanceof Error && 'code' in error ? new QueryFailedError(statement.text, values, error) : error;
    } finally {
      if (!tx) await runner.release();
    }
  }

  /** A message's Kafka headers: CloudEvents' attributes, and the command's correlation and trace. */
  private headersOf(message: OutboxMessage, cause: EventMetadata) {
    return {
      ce_specversion: '1.0',
      ce_id: randomUUID(),
      ce_type: message.type,
      ce_source: this.options.source,
      ce_subject: message.key,
      ce_time: cause.occurredAt,
      'content-type': 'application/json',
      correlation_id: cause.correlationId,
      causation_id: cause.eventId,
      actor: cause.actor,
      ...(cause.traceparent && { traceparent: cause.traceparent }),
    };
  }

  /** The current version of a stream; 0 when it does not exist. */
  async version(streamId: string): Promise<number> {
    const [{ version }] = await (this.enclosing ?? this.dataSource).query<{ version: number }[]>(
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
    const rows = await (this.enclosing ?? this.dataSource).query<EventRow[]>(
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
