import { KafkaJSError, type EachBatchPayload, type KafkaMessage, type Producer } from 'kafkajs';
import { BatchApplier, type BatchApplierParts } from './batch-applier';
import { silentLogger } from './consumer-logger';
import type { ConsumeOutcome } from './consumer-options';
import type { Run } from './consumer-run';
import { DeadLetters } from './dead-letters';
import { HandlerFailed, type Inbox } from './inbox';
import { MalformedMessageError } from './payload';
import type { ReceivedMessage } from './received-message';
import { RetryPolicy } from './retry-policy';

jest.setTimeout(5_000);

/**
 * The applier's decisions against a scripted inbox: which messages go together, which alone, in
 * what order they are marked done, and when one is retried or dead-lettered. No broker, no database.
 */
describe('BatchApplier', () => {
  /** What the inbox was asked to do, in order: `a+b` for a shared transaction, `a` for one alone. */
  let calls: string[];
  /** How each message's handler fails, per attempt, until the script runs out (then it applies). */
  let failures: Map<string, Error[]>;
  let resolved: string[];
  let handled: [string, ConsumeOutcome][];
  let deadLetters: { topic: string; error: string }[];
  let run: Run;
  let done: jest.Mock;

  const fail = (id: string): HandlerFailed | undefined => {
    const next = failures.get(id)?.shift();
    return next && new HandlerFailed(next);
  };
  const inbox = {
    applyOnce: (message: ReceivedMessage) => {
      calls.push(message.id);
      const failure = fail(message.id);
      return failure ? Promise.reject(failure) : Promise.resolve(true);
    },
    applyTogether: (chunk: ReceivedMessage[]) => {
      calls.push(chunk.map((m) => m.id).join('+'));
      for (const [index, message] of chunk.entries()) {
        const failure = fail(message.id);
        if (failure) return Promise.resolve({ index, failure });
      }
      return Promise.resolve({ outcomes: chunk.map(() => 'applied' as const) });
    },
  } as unknown as Inbox;

  const applier = (overrides: Partial<BatchApplierParts> = {}) =>
    new BatchApplier({
      inbox,
      retry: new RetryPolicy(3, { initialMs: 0, maxMs: 0 }),
      deadLetters: new DeadLetters('g', (topic) => `${topic}.dlq`, silentLogger),
      logger: silentLogger,
      maxMessagesPerTransaction: 100,
      around: (_message, work) => work(),
      onHandled: (topic, outcome) => handled.push([topic, outcome]),
      ...overrides,
    });

  /** Messages with ids as their ce_id, at offsets 0, 1, ...; `!x` cannot be parsed (no ce_id). */
  const batch = (ids: string[], running = () => true): EachBatchPayload =>
    ({
      batch: {
        topic: 't',
        partition: 0,
        messages: ids.map(
          (id, offset) =>
            ({
              offset: String(offset),
              key: null,
              value: Buffer.from('{}'),
              headers: id.startsWith('!') ? {} : { ce_id: id },
            }) as unknown as KafkaMessage,
        ),
      },
      isRunning: running,
      isStale: () => false,
      resolveOffset: (offset: string) => resolved.push(offset),
      heartbeat: () => Promise.resolve(),
      pause: () => () => undefined,
    }) as unknown as EachBatchPayload;

  beforeEach(() => {
    calls = [];
    failures = new Map();
    resolved = [];
    handled = [];
    deadLetters = [];
    const producer = {
      send: ({ topic, messages }: { topic: string; messages: { headers: Record<string, string> }[] }) => {
        deadLetters.push({ topic, error: messages[0].headers.dlq_error });
        return Promise.resolve();
      },
    } as unknown as Producer;
    done = jest.fn();
    run = { producer, stopping: new AbortController(), offsets: { done } } as unknown as Run;
  });

  it('applies a batch in transactions of up to maxMessagesPerTransaction, marking each message done in order', async () => {
    await applier({ maxMessagesPerTransaction: 2 }).apply(batch(['a', 'b', 'c', 'd', 'e']), run);
    expect(calls).toEqual(['a+b', 'c+d', 'e']);
    expect(resolved).toEqual(['0', '1', '2', '3', '4']);
    expect(done).toHaveBeenLastCalledWith('t', 0, '4');
    expect(handled.map(([, outcome]) => outcome)).toEqual(Array(5).fill('applied'));
  });

  it('after a failure in a shared transaction: those before together again, the failing one alone, then the rest', async () => {
    failures.set('c', [new Error('deadlock')]);
    await applier().apply(batch(['a', 'b', 'c', 'd', 'e']), run);
    // The failed attempt in the shared transaction counts as c's first: one retry alone applies it.
    expect(calls).toEqual(['a+b+c+d+e', 'a+b', 'c', 'd+e']);
    expect(resolved).toEqual(['0', '1', '2', '3', '4']);
  });

  it('dead-letters a message that cannot be parsed, in its place, and goes on behind it', async () => {
    await applier().apply(batch(['a', 'b', '!x', 'c']), run);
    expect(calls).toEqual(['a+b', 'c']);
    expect(deadLetters).toEqual([{ topic: 't.dlq', error: 'no ce_id header' }]);
    expect(resolved).toEqual(['0', '1', '2', '3']);
    expect(handled.map(([, outcome]) => outcome)).toEqual(['applied', 'applied', 'dead_lettered', 'applied']);
  });

  it('retries a failing handler in place, then dead-letters it once its attempts run out', async () => {
    failures.set('b', [new Error('e1'), new Error('e2'), new Error('e3')]);
    await applier().apply(batch(['a', 'b', 'c']), run);
    expect(calls).toEqual(['a+b+c', 'a', 'b', 'b', 'c']);
    expect(deadLetters).toEqual([{ topic: 't.dlq', error: 'e3 (after 3 attempts)' }]);
    expect(resolved).toEqual(['0', '1', '2']);
  });

  it('dead-letters a malformed message at once, without a retry', async () => {
    failures.set('a', [new MalformedMessageError('no type')]);
    await applier().apply(batch(['a']), run);
    expect(calls).toEqual(['a']);
    expect(deadLetters).toEqual([{ topic: 't.dlq', error: 'malformed: no type' }]);
  });

  it('leaves a message waiting out its backoff for redelivery when the consumer stops', async () => {
    failures.set('a', [new Error('e1')]);
    const slow = applier({ retry: new RetryPolicy(3, { initialMs: 10_000, maxMs: 10_000 }) });
    const applying = slow.apply(batch(['a', 'b']), run);
    setTimeout(() => run.stopping.abort(), 20);
    const error = await applying.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaJSError);
    expect(error).toMatchObject({ retriable: true, message: 'stopping: t[0]@0 left for redelivery' });
    expect(resolved).toEqual([]);
  });

  it('stops at the next step once kafkajs no longer runs the batch, leaving the rest unmarked', async () => {
    let running = true;
    const stopAfterFirst = applier({ maxMessagesPerTransaction: 1, onHandled: () => (running = false) });
    await stopAfterFirst.apply(
      batch(['a', 'b', 'c'], () => running),
      run,
    );
    expect(calls).toEqual(['a']);
    expect(resolved).toEqual(['0']);
  });

  it("throws the database's own failures, leaving the message unmarked for the next fetch", async () => {
    const broken = { ...inbox, applyOnce: () => Promise.reject(new Error('connection lost')) } as unknown as Inbox;
    await expect(applier({ inbox: broken }).apply(batch(['a']), run)).rejects.toThrow('connection lost');
    expect(resolved).toEqual([]);
  });
});
