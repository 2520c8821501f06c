import { randomUUID } from 'node:crypto';
import { kafkaDown, kafkaUp, type Broker } from '../../../scripts/infra/kafka';
import { KafkaClient } from './kafka-client';

/**
 * A broker that requires SCRAM-SHA-256 (a private one: the suite's broker stays plaintext on
 * loopback): the client authenticates with the configured credentials, and wrong ones are refused.
 */
const run = randomUUID().slice(0, 8);
const password = `scram-${randomUUID()}`;
const broker: Broker = {
  name: `kafka-sasl-${run}`,
  port: 19192,
  controllerPort: 19193,
  scram: { username: 'accord', password, internalPort: 19194 },
};

describe('KafkaClient against a broker that requires SASL/SCRAM', () => {
  const clients: KafkaClient[] = [];
  const client = (secret: string) => {
    const c = new KafkaClient({
      clientId: `sasl-${run}`,
      brokers: [`127.0.0.1:${broker.port}`],
      sasl: { mechanism: 'scram-sha-256', username: 'accord', password: secret },
    });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    await kafkaUp(broker);
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) await c.onApplicationShutdown();
    await kafkaDown(broker);
  }, 60_000);

  it('authenticates, creates a topic and round-trips a message', async () => {
    const good = client(password);
    await expect(good.ping(5_000)).resolves.toEqual({ brokers: 1 });
    const topic = `test.sasl.${run}`;
    await good.ensureTopics([{ topic, numPartitions: 1 }]);
    const producer = good.kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'authenticated' }] });
    await producer.disconnect();
    const offsets = await (await good.connectedAdmin()).fetchTopicOffsets(topic);
    expect(offsets[0].high).toBe('1');
  }, 60_000);

  it('is refused with the wrong password', async () => {
    await expect(client('not-the-password').ping(5_000)).rejects.toThrow(/SASL|[Aa]uthentication/);
  }, 30_000);
});
