import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { KafkaClient } from '../kafka-client';
import type { ConsumerEvent } from './consumer-status';
import { IdempotentConsumer } from './idempotent-consumer';
import { silentLogger } from './consumer-logger';

/**
 * The restart machinery against stand-ins for kafkajs's consumer and producer: what happens on
 * each kind of CRASH event, without a broker. (The integration test crashes a real one.)
 */
class FakeConsumer extends EventEmitter {
  readonly events = { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' };
  running = false;
  /** Set to make the next run() fail, as a start against an unreachable broker does. */
  failRun?: Error;

  constructor(all: FakeConsumer[]) {
    super();
    all.push(this);
  }

  connect = () => Promise.resolve();
  subscribe = () => Promise.resolve();
  commitOffsets = () => Promise.resolve();
  run = () => {
    if (this.failRun) return Promise.reject(this.failRun);
    this.running = true;
    this.join();
    return Promise.resolve();
  };
  disconnect = () => {
    this.running = false;
    return Promise.resolve();
  };

  join(): void {
    this.emit(this.events.GROUP_JOIN, { payload: { memberAssignment: { t: [0] } } });
  }

  /** As kafkajs does: disconnected first, then the event. */
  crash(restart: boolean, error = new TypeError('boom')): void {
    this.running = false;
    this.emit(this.events.CRASH, { payload: { error, groupId: 'g', restart } });
  }
}

describe('IdempotentConsumer after a crash', () => {
  let kafkaConsumers: FakeConsumer[];
  let consumer: IdempotentConsumer;
  let events: ConsumerEvent[];
  /** Makes each new kafkajs consumer fail to start until cleared. */
  let startFailure: Error | undefined;

  // Crashes and restarts are logged as errors and warnings; here they are expected.
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  beforeEach(() => {
    kafkaConsumers = [];
    events = [];
    startFailure = undefined;
    const client = {
      ensureTopics: () => Promise.resolve(),
      kafka: {
        consumer: () => Object.assign(new FakeConsumer(kafkaConsumers), { failRun: startFailure }),
        producer: () => ({ connect: () => Promise.resolve(), disconnect: () => Promise.resolve() }),
      },
    } as unknown as KafkaClient;
    consumer = new IdempotentConsumer({
      logger: silentLogger,
      client,
      dataSource: {} as DataSource,
      name: 'g',
      topics: ['t'],
      handler: () => Promise.resolve(),
      restart: { initialMs: 20, maxMs: 80, resetAfterMs: 10_000 },
    });
    consumer.watch((event) => events.push(event));
  });

  afterEach(() => consumer.stop());

  const until = async (condition: () => boolean) => {
    for (let waited = 0; !condition(); waited += 5) {
      if (waited > 2_000) throw new Error('timed out');
      await sleep(5);
    }
  };
  const running = () => kafkaConsumers.filter((c) => c.running);

  it('runs once started, and is running again after kafkajs restarts it itself', async () => {
    await consumer.start();
    expect(consumer.status()).toMatchObject({ state: 'running', crashes: 0 });

    kafkaConsumers[0].crash(true, new Error('connection closed'));
    expect(consumer.status()).toMatchObject({ state: 'crashed', crashes: 1, lastError: 'Error' });
    expect(consumer.status().restartAt).toBeUndefined();
    expect(events).toEqual([{ type: 'crashed', error: expect.any(Error), restarted: 'kafkajs' }]);

    kafkaConsumers[0].join();
    expect(consumer.status()).toMatchObject({ state: 'running', crashes: 1 });
    expect(kafkaConsumers).toHaveLength(1);
  });

  it('replaces a consumer kafkajs stopped for good, after the backoff, with one runner at a time', async () => {
    await consumer.start();
    kafkaConsumers[0].crash(false);
    expect(consumer.status()).toMatchObject({ state: 'crashed', crashes: 1, lastError: 'TypeError' });
    expect(consumer.status().restartAt).toBeInstanceOf(Date);
    // A second event from the dead one changes nothing: it is being replaced already.
    kafkaConsumers[0].crash(false);

    await until(() => consumer.status().state === 'running');
    expect(kafkaConsumers).toHaveLength(2);
    expect(running()).toEqual([kafkaConsumers[1]]);
    expect(events).toEqual([
      { type: 'crashed', error: expect.any(TypeError), restarted: 'backoff' },
      { type: 'restarted', outcome: 'running' },
    ]);
  });

  it('retries a restart that fails, waiting longer each time, until one runs', async () => {
    await consumer.start();
    startFailure = new RangeError('no broker');
    kafkaConsumers[0].crash(false);
    await until(() => events.filter((e) => e.type === 'restarted').length >= 2);
    expect(consumer.status()).toMatchObject({ state: 'crashed', lastError: 'RangeError' });

    startFailure = undefined;
    await until(() => consumer.status().state === 'running');
    expect(running()).toHaveLength(1);
    expect(events.at(-1)).toEqual({ type: 'restarted', outcome: 'running' });
    expect(events.filter((e) => e.type === 'restarted' && e.outcome === 'failed').length).toBeGreaterThanOrEqual(2);
  });

  it('restarts nothing once stopped, even with a restart due', async () => {
    await consumer.start();
    kafkaConsumers[0].crash(false);
    await consumer.stop();
    expect(consumer.status().state).toBe('stopped');
    await sleep(100);
    expect(kafkaConsumers).toHaveLength(1);
    expect(running()).toHaveLength(0);
  });
});
