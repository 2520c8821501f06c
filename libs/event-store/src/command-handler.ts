import { SpanKind, SpanStatusCode, propagation, context as otelContext, trace, type Span } from '@opentelemetry/api';
import { ConcurrencyError, DomainError } from './errors';
import type { CommandContext, DomainEvent, StoredEvent } from './events';
import { fold, type Decider } from './decider';
import type { PostgresEventStore } from './event-store';
import type { CommandOutcome } from './observer';

export interface HandleOptions {
  /**
   * The version the caller saw (from `If-Match`). When given, a newer stream is a conflict for the
   * caller to resolve (412); when absent, a conflict is retried on fresh state.
   */
  expectedVersion?: number;
  context: CommandContext;
  /** Attempts when the caller pinned no version and another writer got in first. */
  maxAttempts?: number;
  /**
   * The stream is new but for a rare retry: a create under an id the server has just chosen. The
   * command is then decided on the initial state without reading the stream (one round trip less)
   * and appended expecting a new stream; if the stream exists after all, the append is refused and
   * the command is decided again on what the stream holds, as without this option.
   */
  expectNew?: boolean;
}

export interface HandleResult<State, Event extends DomainEvent> {
  /** The stream's version after the command: the resource's new ETag. */
  version: number;
  events: StoredEvent<Event>[];
  state: State;
}

// The OpenTelemetry API: spans are no-ops unless the service set tracing up (libs/platform does).
const tracer = trace.getTracer('@accord/event-store');

/**
 * The write path of every use case: read the stream, fold it to the current state, decide, append
 * with the version that state came from. A command that decides nothing appends nothing.
 *
 * Each command is a span, a child of the request or message that sent it, and its trace context is
 * recorded in the events' metadata (and so in the Kafka headers of what they publish). Its outcome
 * is reported to the store's observer.
 */
export async function handleCommand<State, Command, Event extends DomainEvent>(
  store: PostgresEventStore,
  decider: Decider<State, Command, Event>,
  streamId: string,
  command: Command,
  options: HandleOptions,
): Promise<HandleResult<State, Event>> {
  const type = commandType(command);
  const started = performance.now();
  return tracer.startActiveSpan(`command ${type}`, { kind: SpanKind.INTERNAL }, async (span) => {
    let outcome: CommandOutcome = 'failed';
    try {
      const context = { ...options.context, traceparent: options.context.traceparent ?? traceparentOf(span) };
      const result = await decideAndAppend(store, decider, streamId, command, { ...options, context }, type);
      outcome = result.events.length > 0 ? 'accepted' : 'unchanged';
      return result;
    } catch (error) {
      outcome = error instanceof ConcurrencyError ? 'conflict' : error instanceof DomainError ? 'rejected' : 'failed';
      if (outcome === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.setAttribute('accord.command.outcome', outcome);
      span.end();
      store.observer.commandHandled?.(type, outcome, (performance.now() - started) / 1000);
    }
  });
}

async function decideAndAppend<State, Command, Event extends DomainEvent>(
  store: PostgresEventStore,
  decider: Decider<State, Command, Event>,
  streamId: string,
  command: Command,
  options: HandleOptions,
  type: string,
): Promise<HandleResult<State, Event>> {
  const maxAttempts = options.expectedVersion === undefined ? (options.maxAttempts ?? 3) : 1;
  // A create under a fresh id skips the read; should the stream exist after all, that first refusal
  // is no other writer's conflict and costs no attempt: the command is decided again on the stream.
  let assumeNew = options.expectNew === true && options.expectedVersion === undefined;
  let attempt = 1;
  for (;;) {
    const history = assumeNew ? [] : ((await store.readStream(streamId)) as StoredEvent<Event>[]);
    const version = history.length === 0 ? 0 : history[history.length - 1].streamVersion;
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      store.observer.conflict?.(type, 'rejected');
      throw new ConcurrencyError(streamId, options.expectedVersion, version);
    }
    const state = fold(decider, history.map(asEvent));
    const events = decider.decide(command, state);
    if (events.length === 0) return { version, events: [], state };
    // The aggregate after the command: what its messages say it now is.
    const after = events.reduce(decider.evolve, state);
    try {
      const result = await store.append(streamId, events, version, options.context, after);
      return { version: result.nextExpectedVersion, events: result.events as StoredEvent<Event>[], state: after };
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      if (assumeNew) {
        assumeNew = false;
        continue;
      }
      store.observer.conflict?.(type, attempt < maxAttempts ? 'retried' : 'rejected');
      if (attempt >= maxAttempts) throw error;
      attempt++;
    }
  }
}

function asEvent<Event extends DomainEvent>(stored: StoredEvent<Event>): Event {
  return { type: stored.type, data: stored.data } as Event;
}

/** Deciders' commands are `{ type: 'RegisterPartner', ... }`: the type names them in metrics and traces. */
function commandType(command: unknown): string {
  const type = (command as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : 'unknown';
}

/** The span's W3C `traceparent`, written by the propagator the service registered (none: no header). */
function traceparentOf(span: Span): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(otelContext.active(), span), carrier);
  return carrier.traceparent;
}
