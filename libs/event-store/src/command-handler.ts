import { ConcurrencyError } from './errors';
import type { CommandContext, DomainEvent, StoredEvent } from './events';
import { fold, type Decider } from './decider';
import type { PostgresEventStore } from './event-store';

export interface HandleOptions {
  /**
   * The version the caller saw (from `If-Match`). When given, a newer stream is a conflict for the
   * caller to resolve (412); when absent, a conflict is retried on fresh state.
   */
  expectedVersion?: number;
  context: CommandContext;
  /** Attempts when the caller pinned no version and another writer got in first. */
  maxAttempts?: number;
}

export interface HandleResult<State, Event extends DomainEvent> {
  /** The stream's version after the command: the resource's new ETag. */
  version: number;
  events: StoredEvent<Event>[];
  state: State;
}

/**
 * The write path of every use case: read the stream, fold it to the current state, decide, append
 * with the version that state came from. A command that decides nothing appends nothing.
 */
export async function handleCommand<State, Command, Event extends DomainEvent>(
  store: PostgresEventStore,
  decider: Decider<State, Command, Event>,
  streamId: string,
  command: Command,
  options: HandleOptions,
): Promise<HandleResult<State, Event>> {
  const maxAttempts = options.expectedVersion === undefined ? (options.maxAttempts ?? 3) : 1;
  for (let attempt = 1; ; attempt++) {
    const history = (await store.readStream(streamId)) as StoredEvent<Event>[];
    const version = history.length === 0 ? 0 : history[history.length - 1].streamVersion;
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      throw new ConcurrencyError(streamId, options.expectedVersion, version);
    }
    const state = fold(decider, history.map(asEvent));
    const events = decider.decide(command, state);
    if (events.length === 0) return { version, events: [], state };
    try {
      const result = await store.append(streamId, events, version, options.context);
      return {
        version: result.nextExpectedVersion,
        events: result.events as StoredEvent<Event>[],
        state: events.reduce(decider.evolve, state),
      };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= maxAttempts) throw error;
    }
  }
}

function asEvent<Event extends DomainEvent>(stored: StoredEvent<Event>): Event {
  return { type: stored.type, data: stored.data } as Event;
}
