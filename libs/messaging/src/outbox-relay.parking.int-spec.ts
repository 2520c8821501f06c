import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ConfigResourceTypes } from 'kafkajs';
import { context, openTestStore, type StoreFixture } from '../../event-store/test/store.fixture';
import { eventually } from '../../../test/support/eventually';
import { readTopic } from '../test/kafka.fixture';
import { KafkaClient } from './kafka-client';
import { OUTBOX_PARKING_SQL } from './outbox-parking.migration';
import { OutboxRelay } from './outbox-relay';

const run = randomUUID().slice(0, 8);
/** The topic's max.message.bytes here: a partition's record batch, too, may be no larger. */
const MAX_MESSAGE_BYTES = 10_000;

describe('the outbox relay and a message Kafka refuses for good', () => {
  const topic = `test.parking.${run}`;
  const client = new KafkaClient({ clientId: `parking-${run}`, brokers: (process.env.KAFKA_BROKERS ?? '').split(',') });
  let f: StoreFixture;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    // The parked message is logged as an error; here it is expected.
    Logger.overrideLogger(false);
    await client.ensureTopics([
      { topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: String(MAX_MESSAGE_BYTES) }] },
    ]);
    f = await openTestStore(
      'parking',
      {
        // An event's `pad` makes its message as large as a test needs.
        publish: (events) =>
          events.map((e) => ({
            topic,
            key: 'one-key',
            type: 'accord.test.Happened',
            payload: { stream: e.streamId, pad: (e.data as { pad?: string }).pad ?? '' },
          })),
      },
      OUTBOX_PARKING_SQL,
    );
  }, 60_000);

  afterAll(async () => {
    await relay?.stop();
    await f?.close();
    await client.onApplicationShutdown();
  }, 30_000);

  it('parks the one that is too large, with the error, and publishes the others in order', async () => {
    // Each of these fits the topic; two together do not (one record batch per partition), and
    // `huge` fits on no account. All four wait in the outbox, so the relay's first batch has them all.
    const pad = (bytes: number) => 'x'.repeat(bytes);
    for (const [stream, bytes] of [
      ['first', 6_000],
      ['second', 6_000],
      ['huge', 50_000],
      ['last', 100],
    ] as const) {
      await f.store.append(stream, [{ type: 'Happened', data: { pad: pad(bytes) } }], 0, context());
    }
    relay = new OutboxRelay(f.dataSource, client, { schema: 'store_test', databaseUrl: f.db.url, pollIntervalMs: 500 });
    const started = Date.now();
    relay.start();

    const state = await eventually(
      () => relay!.unpublished(),
      (unpublished) => unpublished.messages === 0,
      20_000,
    );
    expect(state.parked).toBe(1);
    const seconds = (Date.now() - started) / 1000;
    const published = await readTopic(client, topic, 3);
    expect(published.map((m) => (JSON.parse(m.value!.toString()) as { stream: string }).stream)).toEqual([
      'first',
      'second',
      'last',
    ]);
    // What an operator finds: the parked message and why (the README's query).
    const parked = await f.dataSource.query<{ stream: string; park_error: string }[]>(
      `SELECT payload->>'stream' AS stream, park_error FROM outbox
        WHERE parked_at IS NOT NULL AND published_at IS NULL ORDER BY id`,
    );
    expect(parked).toEqual([{ stream: 'huge', park_error: expect.stringMatching(/^MESSAGE_TOO_LARGE: /) }]);
    expect(seconds).toBeLessThan(10);

    // The relay goes on with what comes next; and once an operator made room on the topic and cleared
    // parked_at, the parked message goes out too (after the ones that overtook it).
    await f.store.append('after', [{ type: 'Happened', data: {} }], 0, context());
    const admin = await client.connectedAdmin();
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [{ name: 'max.message.bytes', value: String(10 * MAX_MESSAGE_BYTES) }],
        },
      ],
    });
    await f.dataSource.query('UPDATE outbox SET parked_at = NULL, park_error = NULL WHERE parked_at IS NOT NULL');
    await eventually(
      () => relay!.unpublished(),
      (unpublished) => unpublished.messages === 0 && unpublished.parked === 0,
      10_000,
    );
    expect(
      (await readTopic(client, topic, 5)).map((m) => (JSON.parse(m.value!.toString()) as { stream: string }).stream),
    ).toEqual(['first', 'second', 'last', 'after', 'huge']);
  }, 60_000);
});
