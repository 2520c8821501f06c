import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { eventStoreMigrations } from '@accord/event-store';
import { dataSourceOptions, loadEnvironment, openDataSource } from '@accord/platform';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { eventually } from '../../../../test/support/eventually';
import { readTopic } from '../../test/kafka.fixture';
import { KafkaClient } from '../kafka-client';
import { IdempotentConsumer, type ConsumeOutcome } from './idempotent-consumer';
import { silentLogger } from './consumer-logger';

const run = randomUUID().slice(0, 8);

/**
 * A ce_id the inbox cannot store (Postgres text holds no NUL; a btree key holds at most ~2.7 kB) used
 * to fail the inbox insert, which is not the handler's failure: the batch was fetched again, for ever,
 * and every message of the partition behind it waited.
 */
describe('a message whose ce_id the inbox cannot store', () => {
  const client = new KafkaClient({
    clientId: `unstorable-${run}`,
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
  });
  let db: TestDatabase;
  let dataSource: DataSource;
  let producer: Producer;
  let consumer: IdempotentConsumer | undefined;

  beforeAll(async () => {
    // The dead letters are logged as errors; here they are expected.
    Logger.overrideLogger(false);
    db = await createTestDatabase('unstorable');
    const env = loadEnvironment({ DATABASE_URL: db.url }, { PORT: '1', DB_SCHEMA: 'unstorable_test' }, 'tool');
    dataSource = await openDataSource(
      dataSourceOptions(env, { applicationName: 'unstorable-test', migrations: eventStoreMigrations, entities: [] }),
    );
    await dataSource.query(
      'CREATE TABLE applied (seq serial PRIMARY KEY, topic text NOT NULL, message_id text NOT NULL)',
    );
    producer = client.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  }, 60_000);

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
  }, 30_000);

  afterAll(async () => {
    await producer?.disconnect();
    await client.onApplicationShutdown();
    await dataSource?.destroy();
    await db?.drop();
  }, 30_000);

  it.each([
    ['applied alone', 1],
    ['applied in shared transactions', 100],
  ])(
    'is dead-lettered, counted, and the messages behind it are applied (%s)',
    async (_, maxMessagesPerTransaction) => {
      const topic = `test.unstorable.${run}.${maxMessagesPerTransaction}`;
      await client.ensureTopics([{ topic, numPartitions: 1 }]);
      const outcomes: ConsumeOutcome[] = [];
      consumer = new IdempotentConsumer({
        logger: silentLogger,
        client,
        dataSource,
        name: `group-${topic}`,
        topics: [topic],
        maxMessagesPerTransaction,
        handler: async (message, tx) => {
          await tx.query('INSERT INTO applied (topic, message_id) VALUES ($1, $2)', [topic, message.id]);
        },
        onHandled: (_topic, outcome) => outcomes.push(outcome),
      });
      const ids = {
        before: `before-${randomUUID()}`,
        nul: `nul\u0000${randomUUID()}`,
        // Random, so that Postgres cannot compress it below the btree's limit.
        long: randomBytes(1_500).toString('hex'),
        after: `after-${randomUUID()}`,
      };
      // One key, one partition: `after` waits for the two bad ones.
      await producer.send({
        topic,
        acks: -1,
        messages: Object.values(ids).map((id) => ({ key: 'k', value: '{}', headers: { ce_id: id } })),
      });
      const started = Date.now();
      await consumer.start();

      const applied = await eventually(
        () =>
          dataSource.query<{ message_id: string }[]>('SELECT message_id FROM applied WHERE topic = $1 ORDER BY seq', [
            topic,
          ]),
        (rows) => rows.some((row) => row.message_id === ids.after),
        30_000,
      );
      const seconds = (Date.now() - started) / 1000;
      expect(applied.map((row) => row.message_id)).toEqual([ids.before, ids.after]);
      expect(outcomes.filter((outcome) => outcome === 'dead_lettered')).toHaveLength(2);

      const deadLetters = await readTopic(client, `${topic}.dlq`, 2);
      expect(deadLetters.map((message) => String(message.headers?.ce_id))).toEqual([ids.nul, ids.long]);
      expect(deadLetters.map((message) => String(message.headers?.dlq_error))).toEqual([
        expect.stringMatching(/ce_id .*NUL/),
        expect.stringMatching(/ce_id is 3000 bytes long/),
      ]);
      // Dead-lettered at the first try: no fetch-again loop before it.
      expect(seconds).toBeLessThan(20);
    },
    60_000,
  );
});
