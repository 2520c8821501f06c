import { handleCommand, type CommandContext, type Decider, type DomainEvent } from '@accord/event-store';
import type { PostgresEventStore } from '@accord/event-store';
import type { WriteResult } from '../http/resource';

/** What a write needs besides its command: who sends it, and the version they last read (`If-Match`). */
export interface WriteOptions {
  context: CommandContext;
  /** Absent: the command is decided on the current version (and retried on another writer's conflict). */
  expectedVersion?: number;
}

/** One aggregate's write path: its decider and stream, and what the service adds to the plain one. */
export interface StreamWrites<State, Command extends { type: string }, Event extends DomainEvent> {
  decider: Decider<State, Command, Event>;
  stream: (id: string) => string;
  /** The command that creates the stream under an id the server has just chosen: no read before it. */
  create?: Command['type'];
  /** The store as the decider reads it (e.g. with dates the events lack taken from their metadata). */
  view?: (store: PostgresEventStore) => PostgresEventStore;
  /** A failure said in the service's terms, e.g. a unique key's violation as a 409 naming the holder. */
  refusal?: (error: unknown, id: string, command: Command) => Promise<unknown>;
}

/**
 * The write every use case ends in: read the stream, decide with the aggregate's decider, append
 * with the version the decision was made on (`handleCommand`). A service provides one per aggregate.
 */
export class StreamWriter<State, Command extends { type: string }, Event extends DomainEvent> {
  private readonly view: PostgresEventStore;

  constructor(
    store: PostgresEventStore,
    private readonly writes: StreamWrites<State, Command, Event>,
  ) {
    this.view = writes.view?.(store) ?? store;
  }

  async write(id: string, command: Command, { context, expectedVersion }: WriteOptions): Promise<WriteResult> {
    const { decider, stream, create, refusal } = this.writes;
    try {
      const options = { context, expectedVersion, expectNew: create !== undefined && command.type === create };
      const { version } = await handleCommand(this.view, decider, stream(id), command, options);
      return { id, version };
    } catch (error) {
      throw refusal ? await refusal(error, id, command) : error;
    }
  }
}
