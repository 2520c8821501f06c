import { randomUUID } from 'node:crypto';
import type { Consumer, KafkaMessage, Producer } from 'kafkajs';
import { KafkaClient } from './kafka-client';

/** Each run uses its own topic and group, so runs never see each other's messages. */
const run = randomUUID().slice(0, 8);

describe('KafkaClient on a real broker', () => {
  const client = new KafkaClient({ clientId: `test-${run}`, brokers: (process.env.KAFKA_BROKERS ?? '').split(',') });
  const topic = `test.kafka-client.${run}`;
  let producer: Producer;
  let consumer: Consumer;

  beforeAll(async () => {
    producer = client.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    consumer = client.kafka.consumer({ groupId: `test-${run}`, maxWaitTimeInMs: 100 });
    await Promise.all([producer.connect(), consumer.connect()]);
  });

  afterAll(async () => {
    await Promise.all([producer?.disconnect(), consumer?.disconnect()]);
    await client.onApplicationShutdown();
  });

  it('reports the cluster as reachable', async () => {
    await expect(client.ping(3_000)).resolves.toEqual({ brokers: 1 });
  });

  it('creates a topic with its partitions, and creating it again is a no-op', async () => {
    await client.ensureTopics([{ topic, numPartitions: 3 }]);
    await client.ensureTopics([{ topic, numPartitions: 3 }]);
    const admin = await client.connectedAdmin();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0].partitions).toHaveLength(3);
  });

  it('delivers produced messages to a consumer, with key, headers and per-key order', async () => {
    const received: KafkaMessage[] = [];
    let resolveAll!: () => void;
    const all = new Promise<void>((resolve) => (resolveAll = resolve));
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        received.push(message);
        if (received.length === 10) resolveAll();
        return Promise.resolve();
      },
    });

    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: 10 }, (_, i) => ({
        key: `partner-${i % 2}`,
        value: JSON.stringify({ seq: i }),
        headers: { ce_type: 'test.sequenced' },
      })),
    });
    await all;

    expect(received.every((message) => message.headers?.ce_type?.toString() === 'test.sequenced')).toBe(true);
    for (const key of ['partner-0', 'partner-1']) {
      const seqs = received
        .filter((message) => message.key?.toString() === key)
        .map((message) => (JSON.parse(message.value!.toString()) as { seq: number }).seq);
      expect(seqs).toEqual(key === 'partner-0' ? [0, 2, 4, 6, 8] : [1, 3, 5, 7, 9]);
    }
  });
});
