import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { IHeaders, KafkaMessage, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { eventStoreMigrations } from '@accord/event-store';
import { dataSourceOptions, loadEnvironment, openDataSource } from '@accord/platform';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { KafkaClient } from '../kafka-client';
import { IdempotentConsumer, type IdempotentConsumerOptions, type MessageHandler } from './idempotent-consumer';
import { silentLogger } from './consumer-logger';
import { requirePayload } from './payload';
import { eventually } from '../../../../test/support/eventually';

/** Each run uses its own topics and groups, so runs never see each other's messages. */
const run = randomUUID().slice(0, 8);

interface Applied {
  message_id: string;
  key: string | null;
  n: number | null;
  partition: number;
}

// A first group join takes a few seconds; each test also waits up to 20 s for effects to show.
jest.setTimeout(30_000);

describe('IdempotentConsumer on a real broker and database', () => {
  const client = new KafkaClient({ clientId: `test-${run}`, brokers: (process.env.KAFKA_BROKERS ?? '').split(',') });
  const consumers: IdempotentConsumer[] = [];
  let db: TestDatabase;
  let dataSource: DataSource;
  let producer: Producer;

  beforeAll(async () => {
    // Retries and dead letters are logged as warnings and errors; here they are expected.
    Logger.overrideLogger(false);
    db = await createTestDatabase('consumer');
    const env = loadEnvironment({ DATABASE_URL: db.url }, { PORT: '1', DB_SCHEMA: 'consumer_test' }, 'tool');
    dataSource = await openDataSource(
      dataSourceOptions(env, { applicationName: 'consumer-test', migrations: eventStoreMigrations, entities: [] }),
    );
    // The handlers' effect: one row per application of a message.
    await dataSource.query(`
      CREATE TABLE applied (
        seq        serial PRIMARY KEY,
        topic      text    NOT NULL,
        message_id text    NOT NULL,
        key        text,
        n          integer,
        partition  integer NOT NULL
      )`);
    producer = client.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
  });

  afterAll(async () => {
    await producer?.disconnect();
    await client.onApplicationShutdown();
    await dataSource?.destroy();
    await db?.drop();
  });

  async function newTopic(label: string): Promise<string> {
    const topic = `test.consumer.${run}.${label}`;
    await client.ensureTopics([{ topic, numPartitions: 3 }]);
    return topic;
  }

  /** Records the message in `applied`, in the handler's transaction. */
  const record: MessageHandler = async (message, tx) => {
    const n = (message.payload as { n?: number } | null)?.n ?? null;
    await tx.query('INSERT INTO applied (topic, message_id, key, n, partition) VALUES ($1, $2, $3, $4, $5)', [
      message.topic,
      message.id,
      message.key,
      n,
      message.partition,
    ]);
  };

  function consumerOf(topic: string, handler: MessageHandler, options: Partial<IdempotentConsumerOptions> = {}) {
    const consumer = new IdempotentConsumer({
      logger: silentLogger,
      client,
      dataSource,
      name: `group-${topic}`,
      topics: [topic],
      handler,
      maxAttempts: 3,
      backoff: { initialMs: 20, maxMs: 100 },
      ...options,
    });
    consumers.push(consumer);
    return consumer;
  }

  /** Produces one message and says where it landed. */
  async function send(
    topic: string,
    message: { key: string; id?: string; value: unknown; headers?: IHeaders },
  ): Promise<{ partition: number; offset: string }> {
    const value = typeof message.value === 'string' ? message.value : JSON.stringify(message.value);
    const headers = { ...(message.id === undefined ? {} : { ce_id: message.id }), ...message.headers };
    const [metadata] = await producer.send({ topic, acks: -1, messages: [{ key: message.key, value, headers }] });
    return { partition: metadata.partition, offset: metadata.baseOffset! };
  }

  const appliedOn = (topic: string) =>
    db.query<Applied>('SELECT message_id, key, n, partition FROM consumer_test.applied WHERE topic = $1 ORDER BY seq', [
      topic,
    ]);

  const totalLag = async (consumer: IdempotentConsumer) =>
    (await consumer.lag()).reduce((sum, partition) => sum + partition.lag, 0);

  /** Everything on a topic, read from the beginning by a throw-away group. */
  async function readAll(topic: string, count: number): Promise<KafkaMessage[]> {
    const reader = client.kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const messages: KafkaMessage[] = [];
    await reader.connect();
    try {
      await reader.subscribe({ topics: [topic], fromBeginning: true });
      await reader.run({ eachMessage: ({ message }) => Promise.resolve(void messages.push(message)) });
      await eventually(
        () => Promise.resolve(messages.length),
        (n) => n >= count,
      );
    } finally {
      await reader.disconnect();
    }
    return messages;
  }

  it('applies a message delivered twice only once, whether produced twice or redelivered', async () => {
    const topic = await newTopic('duplicate');
    let calls = 0;
    const consumer = consumerOf(topic, (message, tx) => {
      calls++;
      return record(message, tx);
    });
    await send(topic, { key: 'p-1', id: 'twice', value: { n: 1 } });
    await send(topic, { key: 'p-1', id: 'twice', value: { n: 1 } });
    await send(topic, { key: 'p-1', id: 'after', value: { n: 2 } });
    await consumer.start();

    // Same key, same partition: once `after` is applied, both copies of `twice` have been seen.
    await eventually(
      () => appliedOn(topic),
      (rows) => rows.some((row) => row.message_id === 'after'),
    );
    expect((await appliedOn(topic)).map((row) => row.message_id)).toEqual(['twice', 'after']);
    expect(calls).toBe(2);
    await eventually(
      () => totalLag(consumer),
      (lag) => lag === 0,
    );

    // A crash before the offset commit redelivers; rewinding the group does the same to all three.
    await consumer.stop();
    const admin = await client.connectedAdmin();
    await admin.resetOffsets({ groupId: `group-${topic}`, topic, earliest: true });
    expect(await totalLag(consumer)).toBe(3);
    await consumer.start();
    await eventually(
      () => totalLag(consumer),
      (lag) => lag === 0,
    );
    expect((await appliedOn(topic)).map((row) => row.message_id)).toEqual(['twice', 'after']);
    expect(calls).toBe(2);
  });

  it("applies each key's messages in the order they were produced, across a retry", async () => {
    const topic = await newTopic('order');
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4'];
    const perKey = 8;
    const failedOnce = new Set<string>();
    const consumer = consumerOf(topic, async (message, tx) => {
      // One message fails once: the messages behind it must wait for it rather than overtake it.
      if (message.id === 'k1-3' && !failedOnce.has(message.id)) {
        failedOnce.add(message.id);
        throw new Error('transient');
      }
      await record(message, tx);
    });
    await consumer.start();
    const messages = Array.from({ length: perKey }, (_, n) =>
      keys.map((key) => ({ key, value: JSON.stringify({ n }), headers: { ce_id: `${key}-${n}` } })),
    ).flat();
    await producer.send({ topic, acks: -1, messages });

    const rows = await eventually(
      () => appliedOn(topic),
      (applied) => applied.length >= keys.length * perKey,
    );
    expect(rows).toHaveLength(keys.length * perKey);
    for (const key of keys) {
      expect(rows.filter((row) => row.key === key).map((row) => row.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    }
    expect(failedOnce).toEqual(new Set(['k1-3']));
  });

  it('handles several partitions side by side, each in order', async () => {
    const topic = await newTopic('side-by-side');
    // Slow handlers: one at a time, 3 partitions x 6 messages would take 18 x 150 ms.
    let inHand = 0;
    let mostInHand = 0;
    const consumer = consumerOf(
      topic,
      async (message, tx) => {
        mostInHand = Math.max(mostInHand, ++inHand);
        try {
          await tx.query('SELECT pg_sleep(0.15)');
          await record(message, tx);
        } finally {
          inHand--;
        }
      },
      { partitionsConsumedConcurrently: 3 },
    );
    const messages = Array.from({ length: 6 }, (_, n) =>
      [0, 1, 2].map((partition) => ({
        partition,
        key: `p${partition}`,
        value: JSON.stringify({ n }),
        headers: { ce_id: `p${partition}-${n}` },
      })),
    ).flat();
    await producer.send({ topic, acks: -1, messages });
    await consumer.start();

    const rows = await eventually(
      () => appliedOn(topic),
      (applied) => applied.length >= messages.length,
    );
    for (const partition of [0, 1, 2]) {
      expect(rows.filter((row) => row.partition === partition).map((row) => row.n)).toEqual([0, 1, 2, 3, 4, 5]);
    }
    expect(mostInHand).toBeGreaterThan(1);
  });

  /** How many transactions the consumer's inbox rows were written in (now() is the transaction's start). */
  const transactionsOf = async (topic: string) =>
    (
      await db.query<{ transactions: number }>(
        'SELECT count(DISTINCT processed_at)::int AS transactions FROM consumer_test.inbox WHERE consumer = $1',
        [`group-${topic}`],
      )
    )[0].transactions;

  it('applies a fetched batch in shared transactions of at most maxMessagesPerTransaction, each message once', async () => {
    const topic = await newTopic('shared');
    const consumer = consumerOf(topic, record, { maxMessagesPerTransaction: 25 });
    const messages = Array.from({ length: 60 }, (_, n) => ({
      partition: 0,
      key: 'one',
      value: JSON.stringify({ n }),
      headers: { ce_id: `shared-${n}` },
    }));
    await producer.send({ topic, acks: -1, messages });
    await consumer.start();

    const rows = await eventually(
      () => appliedOn(topic),
      (applied) => applied.length >= messages.length,
    );
    expect(rows.map((row) => row.n)).toEqual(messages.map((_, n) => n));
    // Fetched together, they share transactions: fewer than one a message, never more than 25 in one.
    const transactions = await transactionsOf(topic);
    expect(transactions).toBeLessThan(messages.length);
    expect(transactions).toBeGreaterThanOrEqual(3);
    await eventually(
      () => totalLag(consumer),
      (lag) => lag === 0,
    );
  });

  it('with fetchWaitMs, gathers messages produced one by one into one fetch and one transaction', async () => {
    const topic = await newTopic('fetch-wait');
    const consumer = consumerOf(topic, record, { fetchWaitMs: 1_000 });
    await consumer.start();
    // One message every 20 ms: answered at the first message, each would be a fetch and a transaction.
    for (let n = 0; n < 20; n++) {
      await producer.send({
        topic,
        acks: -1,
        messages: [{ partition: 0, key: 'one', value: JSON.stringify({ n }), headers: { ce_id: `wait-${n}` } }],
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const rows = await eventually(
      () => appliedOn(topic),
      (applied) => applied.length >= 20,
    );
    expect(rows.map((row) => row.n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(await transactionsOf(topic)).toBeLessThanOrEqual(3);
  });

  it('undoes a shared transaction when one of its messages fails, retries that one alone, and applies each once', async () => {
    const topic = await newTopic('shared-failure');
    const calls = new Map<string, number>();
    const consumer = consumerOf(topic, async (message, tx) => {
      calls.set(message.id, (calls.get(message.id) ?? 0) + 1);
      await record(message, tx);
      // Thrown after the write, on the first attempt only: its transaction's writes must all go.
      if (message.id === 'm-4' && calls.get(message.id) === 1) throw new Error('transient');
    });
    const messages = Array.from({ length: 10 }, (_, n) => ({
      partition: 1,
      key: 'k',
      value: JSON.stringify({ n }),
      headers: { ce_id: `m-${n}` },
    }));
    await producer.send({ topic, acks: -1, messages });
    await consumer.start();

    await eventually(
      () => totalLag(consumer),
      (lag) => lag === 0,
    );
    const rows = await appliedOn(topic);
    expect(rows.map((row) => row.message_id)).toEqual(messages.map((_, n) => `m-${n}`));
    // The messages before the failure ran twice (with it, undone; then together again), the failure
    // twice (its retry alone), and the messages behind it once, together: three transactions kept.
    expect([0, 1, 2, 3].map((n) => calls.get(`m-${n}`))).toEqual([2, 2, 2, 2]);
    expect(calls.get('m-4')).toBe(2);
    expect([5, 6, 7, 8, 9].map((n) => calls.get(`m-${n}`))).toEqual([1, 1, 1, 1, 1]);
    expect(await transactionsOf(topic)).toBe(3);
  });

  it('retries a handler that fails twice, applies the message once, and dead-letters nothing', async () => {
    const topic = await newTopic('flaky');
    let attempts = 0;
    const consumer = consumerOf(topic, async (message, tx) => {
      await record(message, tx);
      // Thrown after the write: the failed attempts' rows must be rolled back with their inbox rows.
      if (message.id === 'flaky' && ++attempts <= 2) throw new Error(`failure ${attempts}`);
    });
    await send(topic, { key: 'p-2', id: 'flaky', value: { n: 1 } });
    await send(topic, { key: 'p-2', id: 'next', value: { n: 2 } });
    await consumer.start();

    await eventually(
      () => appliedOn(topic),
      (rows) => rows.some((row) => row.message_id === 'next'),
    );
    expect((await appliedOn(topic)).map((row) => row.message_id)).toEqual(['flaky', 'next']);
    expect(attempts).toBe(3);
    const inbox = await db.query('SELECT message_id FROM consumer_test.inbox WHERE consumer = $1 ORDER BY 1', [
      `group-${topic}`,
    ]);
    expect(inbox).toEqual([{ message_id: 'flaky' }, { message_id: 'next' }]);
    const admin = await client.connectedAdmin();
    const deadLetters = await admin.fetchTopicOffsets(`${topic}.dlq`);
    expect(deadLetters.map((partition) => partition.high)).toEqual(['0', '0', '0']);
  });

  it('dead-letters poison messages with their original key, value and headers, and goes on', async () => {
    const topic = await newTopic('poison');
    let alwaysFailsAttempts = 0;
    const consumer = consumerOf(topic, async (message, tx) => {
      if (message.id === 'always-fails') {
        alwaysFailsAttempts++;
        throw new Error('no such partner');
      }
      await record(message, tx);
    });
    const trace = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    const badJson = await send(topic, { key: 'p-9', id: 'bad-json', value: '{"n": 1', headers: trace });
    const noId = await send(topic, { key: 'p-9', value: { n: 2 }, headers: trace });
    const failing = await send(topic, { key: 'p-9', id: 'always-fails', value: { n: 3 }, headers: trace });
    await send(topic, { key: 'p-9', id: 'after', value: { n: 4 } });
    await consumer.start();

    await eventually(
      () => appliedOn(topic),
      (rows) => rows.some((row) => row.message_id === 'after'),
    );
    expect((await appliedOn(topic)).map((row) => row.message_id)).toEqual(['after']);
    expect(alwaysFailsAttempts).toBe(3);
    await eventually(
      () => totalLag(consumer),
      (lag) => lag === 0,
    );

    const deadLetters = await readAll(`${topic}.dlq`, 3);
    const startedAt = Date.now() - 60_000;
    const expected = [
      { produced: badJson, value: '{"n": 1', error: /not JSON/, ceId: 'bad-json' },
      { produced: noId, value: '{"n":2}', error: /no ce_id/, ceId: undefined },
      { produced: failing, value: '{"n":3}', error: /no such partner \(after 3 attempts\)/, ceId: 'always-fails' },
    ];
    expect(deadLetters).toHaveLength(expected.length);
    deadLetters.forEach((deadLetter, i) => {
      const { produced, value, error, ceId } = expected[i];
      const headers = Object.fromEntries(
        Object.entries(deadLetter.headers ?? {}).map(([name, header]) => [name, String(header)]),
      );
      expect(deadLetter.key?.toString()).toBe('p-9');
      expect(deadLetter.value?.toString()).toBe(value);
      expect(headers).toMatchObject({
        ...trace,
        dlq_consumer: `group-${topic}`,
        dlq_original_topic: topic,
        dlq_original_partition: String(produced.partition),
        dlq_original_offset: produced.offset,
      });
      expect(headers.ce_id).toBe(ceId);
      expect(headers.dlq_error).toMatch(error);
      expect(Date.parse(headers.dlq_failed_at)).toBeGreaterThan(startedAt);
    });
  });

  it('dead-letters a message its handler finds malformed at once, without retries, and goes on', async () => {
    const topic = await newTopic('malformed');
    let attempts = 0;
    const consumer = consumerOf(
      topic,
      async (message, tx) => {
        attempts++;
        requirePayload(message, { n: 'version' });
        await record(message, tx);
      },
      // Retries would take a minute: a malformed message must not wait for them.
      { maxAttempts: 5, backoff: { initialMs: 15_000, maxMs: 15_000 } },
    );
    const headers = { ce_type: 'test.counted.v1' };
    const malformed = await send(topic, { key: 'p-7', id: 'malformed', value: { n: 'one' }, headers });
    await send(topic, { key: 'p-7', id: 'after-malformed', value: { n: 2 }, headers });
    await consumer.start();

    await eventually(
      () => appliedOn(topic),
      (rows) => rows.some((row) => row.message_id === 'after-malformed'),
    );
    expect(attempts).toBe(2);
    const [deadLetter] = await readAll(`${topic}.dlq`, 1);
    const dlq = Object.fromEntries(Object.entries(deadLetter.headers ?? {}).map(([k, v]) => [k, String(v)]));
    expect(dlq).toMatchObject({ ce_id: 'malformed', dlq_original_offset: malformed.offset });
    expect(dlq.dlq_error).toBe('malformed: test.counted.v1: n must be a version');
    expect(await db.query('SELECT 1 FROM consumer_test.inbox WHERE message_id = $1', ['malformed'])).toEqual([]);
  });

  it('stops promptly in the middle of a backoff, leaving the message uncommitted and not dead-lettered', async () => {
    const topic = await newTopic('stop');
    let attempts = 0;
    const consumer = consumerOf(
      topic,
      () => {
        attempts++;
        return Promise.reject(new Error('downstream unavailable'));
      },
      { maxAttempts: 5, backoff: { initialMs: 10_000, maxMs: 10_000 } },
    );
    await send(topic, { key: 'p-3', id: 'stuck', value: { n: 1 } });
    await consumer.start();
    await eventually(
      () => Promise.resolve(attempts),
      (n) => n === 1,
    );

    const stopping = Date.now();
    await consumer.stop();
    expect(Date.now() - stopping).toBeLessThan(2_000);
    expect(attempts).toBe(1);
    expect(await totalLag(consumer)).toBe(1);
    const admin = await client.connectedAdmin();
    const deadLetters = await admin.fetchTopicOffsets(`${topic}.dlq`);
    expect(deadLetters.map((partition) => partition.high)).toEqual(['0', '0', '0']);
  });

  it('reports its lag: all of it before consuming, none after, and what was produced since', async () => {
    const topic = await newTopic('lag');
    const consumer = consumerOf(topic, record);
    for (let n = 0; n < 7; n++) await send(topic, { key: `p-${n}`, id: `lag-${n}`, value: { n } });

    const before = await consumer.lag();
    expect(before.map((partition) => partition.partition)).toEqual([0, 1, 2]);
    expect(before.every((partition) => partition.committedOffset === null)).toBe(true);
    expect(before.reduce((sum, partition) => sum + partition.lag, 0)).toBe(7);
    expect(before.reduce((sum, partition) => sum + partition.endOffset, 0)).toBe(7);

    await consumer.start();
    await eventually(
      () => totalLag(consumer),
      (lag) => lag === 0,
    );
    expect(await appliedOn(topic)).toHaveLength(7);
    const after = await consumer.lag();
    expect(after.filter((p) => p.endOffset > 0).every((p) => p.committedOffset === p.endOffset)).toBe(true);

    await consumer.stop();
    for (let n = 7; n < 10; n++) await send(topic, { key: `p-${n}`, id: `lag-${n}`, value: { n } });
    expect(await totalLag(consumer)).toBe(3);
  });
});
