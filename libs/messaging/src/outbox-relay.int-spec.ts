import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { Client } from 'pg';
import { kafkaDown, kafkaUp, type Broker } from '../../../scripts/infra/kafka';
import { waitUntil } from '../../../scripts/infra/processes';
import { context, openTestStore, type StoreFixture } from '../../event-store/test/store.fixture';
import { KafkaClient } from './kafka-client';
import { publishTo, readTopic } from '../test/kafka.fixture';
import { OUTBOX_PARKING_SQL } from './outbox-parking.migration';
import { OutboxRelay } from './outbox-relay';

const run = randomUUID().slice(0, 8);

function relayFor(f: StoreFixture, client: KafkaClient): OutboxRelay {
  return new OutboxRelay(f.dataSource, client, { schema: 'store_test', databaseUrl: f.db.url, pollIntervalMs: 1_000 });
}

/** Asserts each key's messages are its stream versions 1..n, in order, exactly once. */
function expectInOrderOnce(messages: KafkaMessage[], streams: number, perStream: number): void {
  const byKey = new Map<string, number[]>();
  for (const message of messages) {
    const { version } = JSON.parse(message.value!.toString()) as { version: number };
    const key = message.key!.toString();
    byKey.set(key, [...(byKey.get(key) ?? []), version]);
  }
  expect(byKey.size).toBe(streams);
  for (const versions of byKey.values()) expect(versions).toEqual(Array.from({ length: perStream }, (_, i) => i + 1));
}

describe('the outbox relay on the suite broker', () => {
  const topic = `test.outbox.${run}`;
  const client = new KafkaClient({ clientId: `relay-${run}`, brokers: (process.env.KAFKA_BROKERS ?? '').split(',') });
  let f: StoreFixture;
  let relay: OutboxRelay;

  beforeAll(async () => {
    await client.ensureTopics([{ topic, numPartitions: 3 }]);
    f = await openTestStore('relay', { ...publishTo(topic), source: 'accord/test-service' }, OUTBOX_PARKING_SQL);
    relay = relayFor(f, client);
    relay.start();
  });

  afterAll(async () => {
    await relay?.stop();
    await f?.close();
    await client.onApplicationShutdown();
  });

  it('publishes what commits, promptly, keyed by stream, with CloudEvents headers, and marks it published', async () => {
    const started = Date.now();
    for (let v = 0; v < 3; v++) {
      for (const stream of ['a', 'b']) {
        await f.store.append(stream, [{ type: 'Happened', data: {} }], v, context({ actor: 'user:ada' }));
      }
    }
    const messages = await readTopic(client, topic, 6);
    expect(messages).toHaveLength(6);
    expectInOrderOnce(messages, 2, 3);
    const headers = Object.fromEntries(Object.entries(messages[0].headers!).map(([k, v]) => [k, String(v)]));
    expect(headers).toMatchObject({
      ce_specversion: '1.0',
      ce_type: 'accord.test.Happened',
      ce_source: 'accord/test-service',
      ce_subject: messages[0].key!.toString(),
      actor: 'user:ada',
      'content-type': 'application/json',
    });
    expect(headers.ce_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await relay.backlog()).toBe(0);
    // Woken by NOTIFY at commit rather than by the 1 s fallback poll: well within a few seconds.
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  it('publishes a steady flow once each, and a message that commits after later ones', async () => {
    // The relay marks each batch and reads the next in one statement, from the table as it was before
    // the mark: it must leave out what it just sent (or publish it twice), and must not pass over the
    // late message, which takes its outbox id first and commits half-way through 200 appends.
    const held = new Client({ connectionString: f.db.url });
    await held.connect();
    try {
      await held.query('BEGIN');
      await held.query(
        `INSERT INTO store_test.outbox (message_id, topic, message_key, payload, headers)
         VALUES ($1, $2, 'late', '{"version": 1}', '{}')`,
        [randomUUID(), topic],
      );
      for (let n = 0; n < 200; n++) {
        await f.store.append(`flow-${n % 10}`, [{ type: 'Happened', data: {} }], Math.floor(n / 10), context());
        if (n === 100) await held.query('COMMIT');
      }
    } finally {
      await held.end();
    }
    const messages = await readTopic(client, topic, 6 + 200 + 1);
    const keys = messages.map((message) => message.key!.toString());
    expect(keys.filter((key) => key === 'late')).toHaveLength(1);
    expectInOrderOnce(
      messages.filter((message) => message.key!.toString().startsWith('flow-')),
      10,
      20,
    );
    expect(await relay.backlog()).toBe(0);
  }, 30_000);
});

describe('two relays on one schema, as two instances of a service run them', () => {
  const topic = `test.standby.${run}`;
  const client = new KafkaClient({ clientId: `standby-${run}`, brokers: (process.env.KAFKA_BROKERS ?? '').split(',') });
  let f: StoreFixture;
  let first: OutboxRelay;
  let second: OutboxRelay;

  /** How many queries each relay connection started in `ms`, sampled from pg_stat_activity. */
  async function queriesStarted(ms: number): Promise<number[]> {
    const starts = new Map<number, Set<string>>();
    for (const until = Date.now() + ms; Date.now() < until;) {
      const rows = await f.db.query<{ pid: number; started: string }>(
        `SELECT pid, query_start::text AS started FROM pg_stat_activity
          WHERE application_name = 'outbox-relay' AND datname = current_database()`,
      );
      for (const { pid, started } of rows) starts.set(pid, (starts.get(pid) ?? new Set()).add(started));
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return [...starts.values()].map((set) => set.size - 1);
  }

  beforeAll(async () => {
    await client.ensureTopics([{ topic, numPartitions: 3 }]);
    f = await openTestStore('standby', publishTo(topic), OUTBOX_PARKING_SQL);
    first = relayFor(f, client);
    first.start();
    await waitUntil(() => first.isLeader, 10_000);
    second = relayFor(f, client);
    second.start();
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await f?.close();
    await client.onApplicationShutdown();
  });

  it('lets one publish while the other stands by, asking for the lock once a poll, and hands over', async () => {
    await f.store.append('s', [{ type: 'Happened', data: {} }], 0, context());
    expect(await readTopic(client, topic, 1)).toHaveLength(1);
    expect([first.isLeader, second.isLeader]).toEqual([true, false]);

    // Commits keep coming; the standby still asks once a poll (1 s here), not at each commit or in a loop.
    const appending = (async () => {
      for (let v = 1; v <= 20; v++) {
        await f.store.append('s', [{ type: 'Happened', data: {} }], v, context());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const queries = await queriesStarted(2_500);
    await appending;
    expect(queries).toHaveLength(2);
    expect(Math.max(...queries)).toBeLessThanOrEqual(4);

    // The first instance goes away: the standby takes the lock and publishes what comes next.
    await first.stop();
    await f.store.append('s', [{ type: 'Happened', data: {} }], 21, context());
    const messages = await readTopic(client, topic, 22);
    expectInOrderOnce(messages, 1, 22);
    expect(second.isLeader).toBe(true);
  }, 30_000);
});

describe('the outbox relay while its Kafka broker is down', () => {
  // A broker of this test's own, so that stopping it disturbs no other test.
  const broker: Broker = { name: `kafka-fault-${run}`, port: 19092, controllerPort: 19093 };
  const topic = `test.outage.${run}`;
  const client = new KafkaClient({ clientId: `outage-${run}`, brokers: [`127.0.0.1:${broker.port}`] });
  let f: StoreFixture;
  let relay: OutboxRelay;

  beforeAll(async () => {
    await kafkaUp(broker);
    await client.ensureTopics([{ topic, numPartitions: 3 }]);
    f = await openTestStore('outage', publishTo(topic), OUTBOX_PARKING_SQL);
    relay = relayFor(f, client);
    relay.start();
  }, 120_000);

  afterAll(async () => {
    await relay?.stop();
    await client.onApplicationShutdown();
    await f?.close();
    await kafkaDown(broker);
  }, 60_000);

  it('publishes every one of 1,000 events appended during the outage, once, in order per stream', async () => {
    // Prove the relay works first, then take the broker away.
    await f.store.append('warm-up', [{ type: 'Happened', data: {} }], 0, context());
    await waitUntil(async () => (await relay.backlog()) === 0, 20_000);
    await kafkaDown(broker);

    const streams = 50;
    const perStream = 20;
    for (let v = 0; v < perStream; v++) {
      await Promise.all(
        Array.from({ length: streams }, (_, s) =>
          f.store.append(`stream-${s}`, [{ type: 'Happened', data: {} }], v, context()),
        ),
      );
    }
    expect(await relay.backlog()).toBe(streams * perStream);

    await kafkaUp(broker);
    expect(await waitUntil(async () => (await relay.backlog()) === 0, 60_000, 500)).toBe(true);

    const messages = (await readTopic(client, topic, streams * perStream + 1)).filter(
      (m) => m.key?.toString() !== 'warm-up',
    );
    expect(messages).toHaveLength(streams * perStream);
    expectInOrderOnce(messages, streams, perStream);
  }, 180_000);
});
