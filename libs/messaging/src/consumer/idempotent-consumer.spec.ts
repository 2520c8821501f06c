import type { DataSource } from 'typeorm';
import type { KafkaClient } from '../kafka-client';
import { backoffDelay, IdempotentConsumer, type IdempotentConsumerOptions } from './idempotent-consumer';

describe('backoffDelay', () => {
  it('doubles from the initial delay on each failed attempt', () => {
    const delays = [1, 2, 3, 4].map((attempt) => backoffDelay(attempt, { initialMs: 100, maxMs: 10_000 }));
    expect(delays).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the maximum', () => {
    expect(backoffDelay(30, { initialMs: 100, maxMs: 5_000 })).toBe(5_000);
  });
});

describe('IdempotentConsumer options', () => {
  // Construction touches neither Kafka nor the database: stand-ins are enough.
  const base: IdempotentConsumerOptions = {
    client: {} as KafkaClient,
    dataSource: {} as DataSource,
    name: 'test',
    topics: ['t'],
    handler: () => Promise.resolve(),
  };

  it('accepts sensible settings', () => {
    expect(() => new IdempotentConsumer({ ...base, maxAttempts: 1, backoff: { initialMs: 0 } })).not.toThrow();
  });

  it.each([
    ['no topics', { topics: [] }, /no topics/],
    ['zero attempts', { maxAttempts: 0 }, /maxAttempts/],
    ['a fractional number of attempts', { maxAttempts: 2.5 }, /maxAttempts/],
    ['a maximum delay below the initial one', { backoff: { initialMs: 500, maxMs: 100 } }, /backoff/],
    ['a negative delay', { backoff: { initialMs: -1 } }, /backoff/],
  ])('refuses %s', (_case, overrides: Partial<IdempotentConsumerOptions>, error) => {
    expect(() => new IdempotentConsumer({ ...base, ...overrides })).toThrow(error);
  });
});
