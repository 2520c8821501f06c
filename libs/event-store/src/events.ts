import type { EntityManager } from 'typeorm';

/**
 * An event as a decider produces it: an explicit, stored type name (never derived from a class
 * name, so renaming code never breaks replay) and its data.
 */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  type: Type;
  data: Data;
}

/** Who and what caused an event; stored with it, and sent as Kafka headers with what it publishes. */
export interface EventMetadata {
  eventId: string;
  /** The id shared by everything one user action set off, across services. */
  correlationId: string;
  /** The id of the command or message that directly caused this event. */
  causationId: string;
  /** Who did it: a user id, or `system:<component>` for automatic changes. */
  actor: string;
  occurredAt: string;
  schemaVersion: number;
  /**
   * The W3C trace context (`traceparent`) of the command that recorded the event, if it ran in a
   * trace: it travels on as a Kafka header, so that a consumer's handling joins the same trace.
   */
  traceparent?: string;
}

/** The context a command runs in; each appended event gets its own id and this context. */
export interface CommandContext {
  correlationId: string;
  causationId: string;
  actor: string;
  /**
   * When the command was recorded (its events' `occurredAt`). Absent, the store's clock says: the
   * service's one `Clock`, the same that gives the deciders their `today`. Set it only to record
   * something at a time of one's choosing (a test, an import that keeps its recorded times).
   */
  now?: Date;
  /** The W3C `traceparent` to record; `handleCommand` sets it to its own span's. */
  traceparent?: string;
  /**
   * The caller's own write that must commit with these events or not at all, run last in the
   * append's transaction: an HTTP request's `Idempotency-Key`, recorded with what it changed. Not
   * stored, not published.
   */
  alsoCommit?: (tx: EntityManager, appended: { streamId: string; version: number }) => Promise<void>;
}

/** What the store adds to an event when it records it. */
export interface Recorded {
  streamId: string;
  streamVersion: number;
  /** Position among all events of this service's store (as a string: it is a bigint). */
  globalPosition: string;
  /** The writing transaction's id, for commit-safe reading of all events. */
  transactionId: string;
  metadata: EventMetadata;
  recordedAt: Date;
}

/**
 * A recorded event. Distributed over a union of events, so that `switch (event.type)` narrows
 * `event.data` as it does for the plain events.
 */
export type StoredEvent<E extends DomainEvent = DomainEvent> = E extends DomainEvent ? E & Recorded : never;

/**
 * An event as an append is about to record it: its stream, version and metadata are known, its
 * position is not yet (the insert assigns it). What a publisher turns into messages.
 */
export type NewEvent<E extends DomainEvent = DomainEvent> = E extends DomainEvent
  ? E & Omit<Recorded, 'globalPosition' | 'transactionId' | 'recordedAt'>
  : never;
