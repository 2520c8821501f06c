import { Injectable } from '@nestjs/common';
import {
  handleCommand,
  PostgresEventStore,
  type CommandContext,
  type Decider,
  type DomainEvent,
} from '@accord/event-store';
import type { WriteResult } from '../http/resource';

/** What a write needs besides its command: who sends it, and the version they last read (`If-Match`). */
export interface WriteOptions {
  context: CommandContext;
  /** Absent: the command is decided on the current version (and retried on another writer's conflict). */
  expectedVersion?: number;
}

/**
 * One aggregate's write path: its decider, which knows its stream, and what a service may add to the
 * plain path. An aggregate's `<name>.decide.ts` exports one (pure: the last two are for services
 * whose reads or failures need the database).
 */
export interface StreamWrites<State, Command extends { type: string }, Event extends DomainEvent> extends Decider<
  State,
  Command,
  Event
> {
  stream: (id: string) => string;
  /** The command that creates the stream under an id the server has just chosen: no read before it. */
  create?: Command['type'];
  /** The store as the decider reads it (e.g. with dates the events lack taken from their metadata). */
  view?: (store: PostgresEventStore) => PostgresEventStore;
  /**
   * A failure said in the service's terms, e.g. a unique key's violation as a 409 naming the holder
   * (which takes a read: `store` is the one the append failed in).
   */
  refusal?: (error: unknown, id: string, command: Command, store: PostgresEventStore) => Promise<unknown>;
}

/**
 * The write every use case ends in: read the stream, decide with the aggregate's decider, append
 * with the version the decision was made on (`handleCommand`).
 */
export class StreamWriter<State, Command extends { type: string }, Event extends DomainEvent> {
  private readonly view: PostgresEventStore;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly writes: StreamWrites<State, Command, Event>,
  ) {
    this.view = writes.view?.(store) ?? store;
  }

  async write(id: string, command: Command, { context, expectedVersion }: WriteOptions): Promise<WriteResult> {
    const { stream, create, refusal } = this.writes;
    try {
      const options = { context, expectedVersion, expectNew: create !== undefined && command.type === create };
      const { version } = await handleCommand(this.view, this.writes, stream(id), command, options);
      return { id, version };
    } catch (error) {
      throw refusal ? await refusal(error, id, command, this.store) : error;
    }
  }
}

/**
 * The one writer a route asks for: `writer.write(agreementDecider, id, command, options)`. It keeps a
 * `StreamWriter` per aggregate, made on first use.
 */
@Injectable()
export class Writer {
  private readonly writers = new Map<object, StreamWriter<never, { type: string }, DomainEvent>>();

  constructor(private readonly store: PostgresEventStore) {}

  write<State, Command extends { type: string }, Event extends DomainEvent>(
    writes: StreamWrites<State, Command, Event>,
    id: string,
    // The aggregate's decider says what its commands are; a route's one command is checked against them.
    command: NoInfer<Command>,
    options: WriteOptions,
  ): Promise<WriteResult> {
    let writer = this.writers.get(writes) as StreamWriter<State, Command, Event> | undefined;
    if (!writer) {
      writer = new StreamWriter(this.store, writes);
      this.writers.set(writes, writer as unknown as StreamWriter<never, { type: string }, DomainEvent>);
    }
    return writer.write(id, command, options);
  }
}
