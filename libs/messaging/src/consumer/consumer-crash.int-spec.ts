import { randomUUID } from 'node:crypto';
import { Module, type INestApplication } from '@nestjs/common';
import { ConfigResourceTypes, type Producer } from 'kafkajs';
import request from 'supertest';
import { eventStoreMigrations } from '@accord/event-store';
import { PlatformModule, type ServiceDescriptor } from '@accord/platform';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { eventually } from '../../../../test/support/eventually';
import { readScrape } from '../../../../test/support/metrics';
import { bootService } from '../../../../test/support/service';
import { KafkaClient } from '../kafka-client';
import { deadLetterTopicOf } from './dead-letter';

/**
 * A consumer that kafkajs stops for good, in a service as it runs. The trigger is a poison message
 * too large for its dead-letter topic: the broker refuses the dead letter with MESSAGE_TOO_LARGE,
 * which kafkajs does not retry, so the error leaves eachBatch, kafkajs emits CRASH with
 * `restart: false` and leaves the consumer disconnected. (In production: a message near the 1 MB
 * limit, which the dead-letter headers push over it.) The message is not lost: its offset is not
 * committed, so each restart meets it again and dies again, until an operator raises the dead-letter
 * topic's limit; the next restart then dead-letters it and goes on.
 */
const run = randomUUID().slice(0, 8);
const topic = `test.consumer-crash.${run}`;
const deadLetters = deadLetterTopicOf(topic);
const DEFAULT_MAX_MESSAGE_BYTES = '1048588';

const applied: string[] = [];

const crashingService: ServiceDescriptor = {
  name: 'crash-probe',
  title: 'A consumer that crashes',
  description: 'Records the ids of the messages it applies.',
  defaultPort: 1,
  defaultSchema: 'crash_probe',
  migrations: [...eventStoreMigrations],
  entities: [],
  consumers: [
    {
      name: 'crash-test',
      topics: [{ topic, numPartitions: 1 }],
      handle: (message) => Promise.resolve(void applied.push(message.id)),
    },
  ],
};

@Module({ imports: [PlatformModule.forService(crashingService)] })
class CrashProbeModule {}

// A group join takes a few seconds, and each restart rejoins; the backoff starts at 1 s.
jest.setTimeout(90_000);

describe('a consumer that kafkajs stops for good', () => {
  const kafka = new KafkaClient({ clientId: `crash-${run}`, brokers: (process.env.KAFKA_BROKERS ?? '').split(',') });
  let db: TestDatabase;
  let app: INestApplication;
  let producer: Producer;

  const send = async (id: string, value: string) => {
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value, headers: { ce_id: id } }] });
  };
  const ready = () => request(app.getHttpServer()).get('/health/ready');
  const consumers = async () =>
    (await request(app.getHttpServer()).get('/health/consumers').expect(200)).body as {
      consumers: { name: string; state: string; crashes: number; lastError?: string }[];
    };
  const metrics = async () => readScrape((await request(app.getHttpServer()).get('/metrics').expect(200)).text);

  beforeAll(async () => {
    // One partition, so the messages sent after the poison one wait behind it; a dead-letter topic
    // whose limit the poison message exceeds.
    await kafka.ensureTopics([
      { topic, numPartitions: 1 },
      { topic: deadLetters, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '1024' }] },
    ]);
    producer = kafka.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    db = await createTestDatabase('consumer_crash');
    app = await bootService(crashingService, CrashProbeModule, { DATABASE_URL: db.url });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
    await kafka.onApplicationShutdown();
    await db?.drop();
  }, 30_000);

  it('is reported on readiness and in /metrics while down, restarted with backoff, and ready once it consumes again', async () => {
    await send('before', JSON.stringify({ n: 1 }));
    await eventually(
      () => Promise.resolve([...applied]),
      (ids) => ids.includes('before'),
      30_000,
    );
    await ready().expect(200);
    const crashes = { consumer: 'crash-test', restarted: 'backoff' };
    expect((await metrics()).value('accord_consumer_crashes_total', crashes)).toBe(0);

    // Not JSON, so poison; 4 kB, so too large for its dead-letter topic.
    await send('poison', 'x'.repeat(4_000));
    const notReady = await eventually(
      () => ready(),
      (response) => response.status === 503,
      30_000,
    );
    expect(notReady.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(notReady.body).toMatchObject({
      status: 503,
      code: 'not_ready',
      detail: 'consumers down: crash-test',
      checks: {
        postgres: { status: 'up' },
        kafka: { status: 'up' },
        consumers: {
          status: 'down',
          down: ['crash-test'],
          consumers: { 'crash-test': { state: 'crashed', lastError: 'KafkaJSProtocolError MESSAGE_TOO_LARGE' } },
        },
      },
    });
    expect((await consumers()).consumers).toContainEqual(
      expect.objectContaining({ name: 'crash-test', state: 'crashed', crashes: expect.any(Number) }),
    );
    const down = await metrics();
    expect(down.value('accord_consumer_crashes_total', crashes)).toBeGreaterThanOrEqual(1);
    expect(down.value('accord_consumer_up', { consumer: 'crash-test' })).toBe(0);

    // Sent while the consumer is down, behind the poison message.
    await send('after', JSON.stringify({ n: 2 }));
    // Each restart meets the poison message again and dies again: restarted, but not ready.
    await eventually(
      () => metrics(),
      (m) => m.value('accord_consumer_crashes_total', crashes) >= 2,
      30_000,
    );
    expect(applied).not.toContain('after');

    // The operator's fix: the dead-letter topic takes messages as large as the consumed one's.
    const admin = await kafka.connectedAdmin();
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: deadLetters,
          configEntries: [{ name: 'max.message.bytes', value: DEFAULT_MAX_MESSAGE_BYTES }],
        },
      ],
    });

    // The next restart dead-letters the poison message and applies the one behind it.
    await eventually(
      () => Promise.resolve([...applied]),
      (ids) => ids.includes('after'),
      60_000,
    );
    const readyAgain = await eventually(
      () => ready(),
      (response) => response.status === 200,
      10_000,
    );
    expect(readyAgain.body.details.consumers).toMatchObject({ status: 'up', down: [] });
    expect((await consumers()).consumers).toContainEqual(
      expect.objectContaining({ name: 'crash-test', state: 'running' }),
    );
    // Every crash was followed by a restart that got the consumer running (the last one for good).
    const up = await metrics();
    expect(up.value('accord_consumer_restarts_total', { consumer: 'crash-test', outcome: 'running' })).toBe(
      up.value('accord_consumer_crashes_total', crashes),
    );
    expect(up.value('accord_consumer_up', { consumer: 'crash-test' })).toBe(1);
    expect(up.value('accord_dead_letters_total', { consumer: 'crash-test', topic })).toBe(1);
    expect(applied).not.toContain('poison');
  });
});
