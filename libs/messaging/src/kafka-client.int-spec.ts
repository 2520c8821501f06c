import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ConfigResourceTypes, type Consumer, type KafkaMessage, type Producer } from 'kafkajs';
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

  it("creates topics with Accord's replication, retention and size, not the broker's defaults", async () => {
    const settings = { retentionMs: 3_600_000, deadLetterRetentionMs: 7_200_000, maxMessageBytes: 500_000 };
    const custom = new KafkaClient({ ...client.options, clientId: `settings-${run}`, topics: settings });
    const events = `test.settings.${run}`;
    try {
      await custom.ensureTopics([{ topic: events }, { topic: `${events}.dlq` }]);
      const admin = await custom.connectedAdmin();
      const { resources } = await admin.describeConfigs({
        resources: [events, `${events}.dlq`].map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
        includeSynonyms: false,
      });
      const configOf = (name: string) =>
        Object.fromEntries(
          resources
            .find((resource) => resource.resourceName === name)!
            .configEntries.filter((entry) =>
              ['min.insync.replicas', 'retention.ms', 'max.message.bytes'].includes(entry.configName),
            )
            .map((entry) => [entry.configName, entry.configValue]),
        );
      // One broker here: one copy, one in sync (three and two on a three-broker cluster).
      expect(configOf(events)).toEqual({
        'min.insync.replicas': '1',
        'retention.ms': '3600000',
        'max.message.bytes': '500000',
      });
      expect(configOf(`${events}.dlq`)).toEqual({
        'min.insync.replicas': '1',
        'retention.ms': '7200000',
        'max.message.bytes': '1000000',
      });

      // A topic that exists with other settings is left as it is, and said to differ, once.
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const other = new KafkaClient({
        ...client.options,
        clientId: `other-${run}`,
        topics: { ...settings, retentionMs: 60_000 },
      });
      try {
        await other.ensureTopics([{ topic: events }]);
        await other.ensureTopics([{ topic: events }]);
        const said = warn.mock.calls.map(([message]) => String(message)).filter((message) => message.includes(events));
        expect(said).toEqual([`topic ${events} differs from Accord's settings: retention.ms=3600000, not 60000`]);
      } finally {
        warn.mockRestore();
        await other.onApplicationShutdown();
      }
    } finally {
      await custom.onApplicationShutdown();
    }
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
