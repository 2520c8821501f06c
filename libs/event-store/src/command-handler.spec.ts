import { trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { handleCommand } from './command-handler';
import type { Decider } from './decider';
import { BusinessRuleError, ConcurrencyError } from './errors';
import type { CommandContext, DomainEvent, StoredEvent } from './events';
import type { PostgresEventStore } from './event-store';
import type { CommandOutcome } from './observer';

/**
 * What `handleCommand` reports to the store's observer, and the trace context it records, with a
 * store in memory whose appends can be made to lose a race.
 */
type Counted = DomainEvent<'Counted', { by: number }>;
type Count = { type: 'Count'; by: number } | { type: 'CountTo'; at: number };

const counter: Decider<number, Count, Counted> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.data.by,
  decide: (command, total) => {
    if (command.type === 'CountTo')
      return command.at > total ? [{ type: 'Counted', data: { by: command.at - total } }] : [];
    if (command.by <= 0) throw new BusinessRuleError('not_positive', 'count up only');
    return [{ type: 'Counted', data: { by: command.by } }];
  },
};

const context: CommandContext = { correlationId: 'c', causationId: 'c', actor: 'user:ada', now: new Date() };

function storeInMemory(racesToLose = 0) {
  const events: StoredEvent[] = [];
  const outcomes: [string, CommandOutcome][] = [];
  const conflicts: [string, string][] = [];
  const contexts: CommandContext[] = [];
  const reads = { count: 0 };
  let races = racesToLose;
  const store = {
    observer: {
      commandHandled: (command: string, outcome: CommandOutcome) => outcomes.push([command, outcome]),
      conflict: (command: string, resolution: string) => conflicts.push([command, resolution]),
    },
    readStream: () => {
      reads.count++;
      return Promise.resolve([...events]);
    },
    append: (streamId: string, appended: DomainEvent[], expected: number, given: CommandContext) => {
      contexts.push(given);
      if (races-- > 0) return Promise.reject(new ConcurrencyError(streamId, expected, expected + 1));
      if (expected !== events.length) return Promise.reject(new ConcurrencyError(streamId, expected, events.length));
      const stored = appended.map(
        (event, i) => ({ ...event, streamId, streamVersion: expected + i + 1 }) as unknown as StoredEvent,
      );
      events.push(...stored);
      return Promise.resolve({ nextExpectedVersion: events.length, events: stored });
    },
  };
  return { store: store as unknown as PostgresEventStore, outcomes, conflicts, contexts, reads, events };
}

const count = (store: PostgresEventStore, command: Count, expectedVersion?: number) =>
  handleCommand(store, counter, 'counter-1', command, { context, expectedVersion });

describe('handleCommand reports', () => {
  it('accepted and unchanged commands by type', async () => {
    const { store, outcomes } = storeInMemory();
    await count(store, { type: 'CountTo', at: 2 });
    await count(store, { type: 'CountTo', at: 2 });
    expect(outcomes).toEqual([
      ['CountTo', 'accepted'],
      ['CountTo', 'unchanged'],
    ]);
  });

  it('a rule that refuses the command as rejected', async () => {
    const { store, outcomes } = storeInMemory();
    await expect(count(store, { type: 'Count', by: 0 })).rejects.toThrow(BusinessRuleError);
    expect(outcomes).toEqual([['Count', 'rejected']]);
  });

  it('a lost race as a conflict retried, and the command as accepted', async () => {
    const { store, outcomes, conflicts } = storeInMemory(1);
    await count(store, { type: 'Count', by: 1 });
    expect(conflicts).toEqual([['Count', 'retried']]);
    expect(outcomes).toEqual([['Count', 'accepted']]);
  });

  it('a stale If-Match, and races lost until the attempts ran out, as conflicts rejected', async () => {
    const stale = storeInMemory();
    await expect(count(stale.store, { type: 'Count', by: 1 }, 4)).rejects.toThrow(ConcurrencyError);
    expect(stale.conflicts).toEqual([['Count', 'rejected']]);
    expect(stale.outcomes).toEqual([['Count', 'conflict']]);

    const unlucky = storeInMemory(3);
    await expect(count(unlucky.store, { type: 'Count', by: 1 })).rejects.toThrow(ConcurrencyError);
    expect(unlucky.conflicts.map(([, resolution]) => resolution)).toEqual(['retried', 'retried', 'rejected']);
    expect(unlucky.outcomes).toEqual([['Count', 'conflict']]);
  });
});

describe('handleCommand with expectNew (a create under a new id)', () => {
  const create = (store: PostgresEventStore, command: Count) =>
    handleCommand(store, counter, 'counter-1', command, { context, expectNew: true });

  it('decides on the initial state without reading the stream, and appends it as new', async () => {
    const { store, reads, events, outcomes } = storeInMemory();
    const result = await create(store, { type: 'CountTo', at: 3 });
    expect(reads.count).toBe(0);
    expect(result.version).toBe(1);
    expect(events.map((event) => event.data)).toEqual([{ by: 3 }]);
    expect(outcomes).toEqual([['CountTo', 'accepted']]);
  });

  it('decides again on what the stream holds when it exists after all, reporting no conflict', async () => {
    const { store, reads, events, conflicts } = storeInMemory();
    await count(store, { type: 'Count', by: 2 });
    reads.count = 0;
    // Guessed new, CountTo 5 would count by 5; on the stream's history it counts by 3.
    const result = await create(store, { type: 'CountTo', at: 5 });
    expect(reads.count).toBe(1);
    expect(result.version).toBe(2);
    expect(events.map((event) => event.data)).toEqual([{ by: 2 }, { by: 3 }]);
    expect(conflicts).toEqual([]);
  });

  it('still retries, then rejects, races with other writers', async () => {
    const { store, conflicts } = storeInMemory(4);
    await expect(create(store, { type: 'Count', by: 1 })).rejects.toThrow(ConcurrencyError);
    // The first refusal ends the guess; three attempts on read state follow.
    expect(conflicts.map(([, resolution]) => resolution)).toEqual(['retried', 'retried', 'rejected']);
  });
});

describe('handleCommand records the trace context', () => {
  const recorded = async (run: (work: () => Promise<unknown>) => Promise<unknown> = (work) => work()) => {
    const { store, contexts } = storeInMemory();
    await run(() => count(store, { type: 'Count', by: 1 }));
    return contexts[0].traceparent;
  };

  it('of nothing while the service has not set tracing up', async () => {
    expect(await recorded()).toBeUndefined();
  });

  it('of its own span: a child of the request or message it runs in, or a trace of its own', async () => {
    new NodeTracerProvider().register();
    let request = trace.wrapSpanContext({ traceId: '', spanId: '', traceFlags: 0 }).spanContext();
    const traceparent = await recorded((work) =>
      trace.getTracer('test').startActiveSpan('request', async (span) => {
        request = span.spanContext();
        await work();
        span.end();
      }),
    );
    const [, traceId, spanId] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(traceparent ?? '') ?? [];
    expect(traceId).toBe(request.traceId);
    expect(spanId).not.toBe(request.spanId);
    // A command outside any request (the scheduler's) starts a trace.
    expect(await recorded()).toMatch(/^00-(?!0{32})[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });
});
