import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Logger } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { eventStoreMigrations } from '@accord/event-store';
import { dataSourceOptions, loadEnvironment, openDataSource } from '@accord/platform';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { KafkaClient } from '../kafka-client';
import { IdempotentConsumer } from './idempotent-consumer';
import { silentLogger } from './consumer-logger';
import { eventually } from '../../../../test/support/eventually';

/** Each run uses its own topics and groups, so runs never see each other's messages. */
const run = randomUUID().slice(0, 8);
const ROOT = join(__dirname, '..', '..', '..', '..');

// Each replay is a process of its own that joins a consumer group; a few seconds each.
jest.setTimeout(45_000);

/** Runs scripts/dlq-replay.ts as a person would, and says how it ended. */
async function replay(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [join(ROOT, 'scripts', 'dlq-replay.ts'), ...args],
      { cwd: ROOT, env: process.env, timeout: 30_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout: string; stderr: string };
    return { code: failed.code ?? -1, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('scripts/dlq-replay.ts', () => {
  const client = new KafkaClient({ clientId: `test-${run}`, brokers: (process.env.KAFKA_BROKERS ?? '').split(',') });
  const topic = `test.dlq-replay.${run}`;
  const deadLetterTopic = `${topic}.dlq`;
  let db: TestDatabase;
  let dataSource: DataSource;
  let producer: Producer;
  let consumer: IdempotentConsumer;
  /** The downstream the handler depends on; down at first, so every message is dead-lettered. */
  let downstreamUp = false;

  const messageCount = async (name: string) =>
    (await (await client.connectedAdmin()).fetchTopicOffsets(name)).reduce((sum, p) => sum + Number(p.high), 0);
  const applied = () =>
    db.query<{ message_id: string; partition: number; headers: Record<string, string> }>(
      'SELECT message_id, partition, headers FROM replay_test.applied ORDER BY message_id',
    );

  beforeAll(async () => {
    // The dead letters below are logged as errors; here they are expected.
    Logger.overrideLogger(false);
    db = await createTestDatabase('dlq_replay');
    const env = loadEnvironment({ DATABASE_URL: db.url }, { PORT: '1', DB_SCHEMA: 'replay_test' }, 'tool');
    dataSource = await openDataSource(
      dataSourceOptions(env, { applicationName: 'replay-test', migrations: eventStoreMigrations, entities: [] }),
    );
    await dataSource.query('CREATE TABLE applied (message_id text NOT NULL, partition integer, headers jsonb)');
    await client.ensureTopics([{ topic, numPartitions: 3 }]);
    producer = client.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    consumer = new IdempotentConsumer({
      logger: silentLogger,
      client,
      dataSource,
      name: `group-${topic}`,
      topics: [topic],
      maxAttempts: 2,
      backoff: { initialMs: 10, maxMs: 10 },
      handler: async (message, tx) => {
        if (!downstreamUp) throw new Error('downstream unavailable');
        await tx.query('INSERT INTO applied (message_id, partition, headers) VALUES ($1, $2, $3)', [
          message.id,
          message.partition,
          message.headers,
        ]);
      },
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await producer?.disconnect();
    await client.onApplicationShutdown();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('puts dead letters back on their topic, where the consumer now applies them, once', async () => {
    const partitionOf: Record<string, number> = {};
    for (const id of ['a', 'b', 'c', 'd']) {
      const [sent] = await producer.send({
        topic,
        acks: -1,
        messages: [
          { key: `partner-${id}`, value: JSON.stringify({ id }), headers: { ce_id: id, traceparent: `t-${id}` } },
        ],
      });
      partitionOf[id] = sent.partition;
    }
    await eventually(
      () => messageCount(deadLetterTopic),
      (n) => n === 4,
    );

    // A dry run lists the messages and changes nothing.
    const dryRun = await replay(deadLetterTopic, '--group', `dry-${run}`, '--dry-run');
    expect(dryRun).toMatchObject({ code: 0, stderr: '' });
    for (const id of ['a', 'b', 'c', 'd']) expect(dryRun.stdout).toContain(`ce_id=${id} `);
    expect(dryRun.stdout).toContain('would replay 4 message(s)');
    expect(await messageCount(topic)).toBe(4);

    downstreamUp = true;
    const replayed = await replay(deadLetterTopic);
    expect(replayed).toMatchObject({ code: 0, stderr: '' });
    expect(replayed.stdout).toContain('replayed 4 message(s)');
    expect(await messageCount(topic)).toBe(8);

    const rows = await eventually(applied, (found) => found.length >= 4);
    expect(rows.map((row) => row.message_id)).toEqual(['a', 'b', 'c', 'd']);
    for (const row of rows) {
      expect(row.partition).toBe(partitionOf[row.message_id]);
      expect(row.headers.traceparent).toBe(`t-${row.message_id}`);
      expect(Object.keys(row.headers).filter((name) => name.startsWith('dlq_'))).toEqual([]);
    }

    // The replay group remembers where it stopped: a second run has nothing to do.
    const again = await replay(deadLetterTopic);
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain('replayed 0 message(s)');
    expect(await messageCount(topic)).toBe(8);
    expect(await messageCount(deadLetterTopic)).toBe(4);
  });

  it('fails with one line for a topic that does not exist', async () => {
    const result = await replay(`test.dlq-replay.${run}.missing.dlq`);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([`dlq-replay: no topic named test.dlq-replay.${run}.missing.dlq`]);
  });
});
