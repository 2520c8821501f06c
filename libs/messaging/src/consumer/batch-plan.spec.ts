import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { parsedMessages, planBatch, proceeding, splitAtFailure, type Parsed } from './batch-plan';

jest.setTimeout(5_000);

const ok = (item: number): Parsed<number, string> => ({ ok: true, item });
const bad = (item: string): Parsed<number, string> => ({ ok: false, item });

describe('planBatch', () => {
  it('applies parsed messages in order, in transactions of up to max', () => {
    expect([...planBatch([1, 2, 3, 4, 5].map(ok), 2)]).toEqual([
      { together: [1, 2] },
      { together: [3, 4] },
      { together: [5] },
    ]);
  });

  it('ends the transaction before a message that did not parse, which goes alone, in its place', () => {
    expect([...planBatch([ok(1), ok(2), bad('x'), ok(3), bad('y'), bad('z')], 100)]).toEqual([
      { together: [1, 2] },
      { alone: 'x' },
      { together: [3] },
      { alone: 'y' },
      { alone: 'z' },
    ]);
  });

  it('with max 1, applies every message alone in its own transaction', () => {
    expect([...planBatch([ok(1), ok(2)], 1)]).toEqual([{ together: [1] }, { together: [2] }]);
  });

  it('plans nothing for an empty batch', () => {
    expect([...planBatch([], 10)]).toEqual([]);
  });

  it('reads the batch no further than the step taken: a batch given up is not parsed to its end', () => {
    const read: number[] = [];
    function* items() {
      for (const n of [1, 2, 3, 4, 5]) {
        read.push(n);
        yield ok(n);
      }
    }
    const steps = planBatch(items(), 2);
    expect(steps.next().value).toEqual({ together: [1, 2] });
    expect(read).toEqual([1, 2]);
  });
});

describe('splitAtFailure', () => {
  it('splits a chunk around the message that failed', () => {
    expect(splitAtFailure(['a', 'b', 'c', 'd'], 1)).toEqual({ before: ['a'], failed: 'b', after: ['c', 'd'] });
    expect(splitAtFailure(['a', 'b'], 0)).toEqual({ before: [], failed: 'a', after: ['b'] });
    expect(splitAtFailure(['a', 'b'], 1)).toEqual({ before: ['a'], failed: 'b', after: [] });
  });
});

describe('a fetched batch', () => {
  const message = (offset: string, headers: Record<string, string>, value: string | null): KafkaMessage =>
    ({ offset, key: null, value: value === null ? null : Buffer.from(value), headers }) as unknown as KafkaMessage;
  const payload = (state: { running?: boolean; stale?: boolean } = {}, messages: KafkaMessage[] = []) =>
    ({
      batch: { topic: 't', partition: 3, messages },
      isRunning: () => state.running ?? true,
      isStale: () => state.stale ?? false,
      heartbeat: jest.fn(),
      pause: jest.fn(),
    }) as unknown as EachBatchPayload;

  it('parses each message, keeping it as kafkajs would hand it to eachMessage', () => {
    const fetched = payload({}, [message('4', { ce_id: 'a' }, '{"n":1}'), message('5', {}, '{}')]);
    const [first, second] = [...parsedMessages(fetched)];
    expect(first).toMatchObject({
      ok: true,
      item: { single: { topic: 't', partition: 3 }, received: { id: 'a', offset: '4', payload: { n: 1 } } },
    });
    expect(second).toMatchObject({ ok: false, item: { parsed: { ok: false, reason: 'no ce_id header' } } });
    expect(second.item.single.message.offset).toBe('5');
  });

  it('goes on only while kafkajs runs it, its position stands and the consumer is not stopping', () => {
    const going = { stopping: new AbortController() };
    expect(proceeding(payload(), going)).toBe(true);
    expect(proceeding(payload({ running: false }), going)).toBe(false);
    expect(proceeding(payload({ stale: true }), going)).toBe(false);
    going.stopping.abort();
    expect(proceeding(payload(), going)).toBe(false);
  });
});
