import {
  BusinessRuleError,
  ConcurrencyError,
  ConflictError,
  type CommandContext,
  type Decider,
  type DomainEvent,
  type PostgresEventStore,
  type StoredEvent,
} from '@accord/event-store';
import { StreamWriter, type StreamWrites } from './stream-writer';

type Opened = DomainEvent<'Opened', { name: string }>;
type Renamed = DomainEvent<'Renamed', { name: string }>;
type Event = Opened | Renamed;
type Command = { type: 'Open'; name: string } | { type: 'Rename'; name: string };
type State = { name: string | null };

const doors: Decider<State, Command, Event> = {
  initialState: () => ({ name: null }),
  evolve: (_, event) => ({ name: event.data.name }),
  decide: (command, state) => {
    if (command.type === 'Open') return state.name ? [] : [{ type: 'Opened', data: { name: command.name } }];
    if (!state.name) throw new BusinessRuleError('not_open', 'open it first');
    return command.name === state.name ? [] : [{ type: 'Renamed', data: { name: command.name } }];
  },
};

const context: CommandContext = { correlationId: 'c', causationId: 'c', actor: 'user:ada', now: new Date() };

/** A store in memory that counts its reads and can be made to fail its next append. */
function storeInMemory() {
  const streams = new Map<string, StoredEvent[]>();
  const calls = { reads: 0, appends: [] as { streamId: string; expected: number }[] };
  let failNext: Error | undefined;
  const store = {
    observer: {},
    readStream: (streamId: string) => {
      calls.reads++;
      return Promise.resolve([...(streams.get(streamId) ?? [])]);
    },
    append: (streamId: string, events: DomainEvent[], expected: number) => {
      calls.appends.push({ streamId, expected });
      if (failNext) {
        const error = failNext;
        failNext = undefined;
        return Promise.reject(error);
      }
      const stream = streams.get(streamId) ?? [];
      if (expected !== stream.length) return Promise.reject(new ConcurrencyError(streamId, expected, stream.length));
      const stored = events.map(
        (event, i) => ({ ...event, streamId, streamVersion: expected + i + 1 }) as unknown as StoredEvent,
      );
      streams.set(streamId, [...stream, ...stored]);
      return Promise.resolve({ nextExpectedVersion: expected + stored.length, events: stored });
    },
  };
  return { store: store as unknown as PostgresEventStore, calls, failAppend: (error: Error) => (failNext = error) };
}

const writerOf = (store: PostgresEventStore, extra: Partial<StreamWrites<State, Command, Event>> = {}) =>
  new StreamWriter(store, { ...doors, stream: (id) => `door-${id}`, ...extra });

describe('StreamWriter', () => {
  it('reads, decides and appends on the stream, and answers with the id and the new version', async () => {
    const { store, calls } = storeInMemory();
    const doorsWriter = writerOf(store);
    await expect(doorsWriter.write('1', { type: 'Open', name: 'front' }, { context })).resolves.toEqual({
      id: '1',
      version: 1,
    });
    await expect(doorsWriter.write('1', { type: 'Rename', name: 'back' }, { context })).resolves.toEqual({
      id: '1',
      version: 2,
    });
    expect(calls.appends).toEqual([
      { streamId: 'door-1', expected: 0 },
      { streamId: 'door-1', expected: 1 },
    ]);
  });

  it('answers with the current version when the command decides nothing', async () => {
    const { store, calls } = storeInMemory();
    const doorsWriter = writerOf(store);
    await doorsWriter.write('1', { type: 'Open', name: 'front' }, { context });
    await expect(doorsWriter.write('1', { type: 'Rename', name: 'front' }, { context })).resolves.toEqual({
      id: '1',
      version: 1,
    });
    expect(calls.appends).toHaveLength(1);
  });

  it('refuses a stale expected version (If-Match) and appends nothing', async () => {
    const { store, calls } = storeInMemory();
    const doorsWriter = writerOf(store);
    await doorsWriter.write('1', { type: 'Open', name: 'front' }, { context });
    await expect(
      doorsWriter.write('1', { type: 'Rename', name: 'back' }, { context, expectedVersion: 0 }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(calls.appends).toHaveLength(1);
  });

  it('skips the read for the creating command only', async () => {
    const { store, calls } = storeInMemory();
    const doorsWriter = writerOf(store, { create: 'Open' });
    await doorsWriter.write('1', { type: 'Open', name: 'front' }, { context });
    expect(calls.reads).toBe(0);
    await doorsWriter.write('1', { type: 'Rename', name: 'back' }, { context });
    expect(calls.reads).toBe(1);
  });

  it('reads through the service’s view of the store', async () => {
    const { store, calls } = storeInMemory();
    const seen: string[] = [];
    const view = (inner: PostgresEventStore): PostgresEventStore => {
      const viewed = Object.create(inner) as PostgresEventStore;
      viewed.readStream = (streamId, until) => {
        seen.push(streamId);
        return inner.readStream(streamId, until);
      };
      return viewed;
    };
    await writerOf(store, { view }).write('7', { type: 'Open', name: 'front' }, { context });
    expect(seen).toEqual(['door-7']);
    expect(calls.appends).toEqual([{ streamId: 'door-7', expected: 0 }]);
  });

  it('lets the service restate a failure in its own terms, and passes the others on', async () => {
    const { store, failAppend } = storeInMemory();
    const duplicate = new Error('unique key');
    const refusal = (error: unknown, id: string, command: Command) =>
      Promise.resolve(error === duplicate ? new ConflictError('door_duplicate', `${command.type} ${id}`) : error);
    const doorsWriter = writerOf(store, { refusal });
    failAppend(duplicate);
    await expect(doorsWriter.write('1', { type: 'Open', name: 'front' }, { context })).rejects.toMatchObject({
      code: 'door_duplicate',
      message: 'Open 1',
    });
    await expect(doorsWriter.write('1', { type: 'Rename', name: 'back' }, { context })).rejects.toBeInstanceOf(
      BusinessRuleError,
    );
  });
});
