import { Logger } from '@nestjs/common';
import type { Producer, ProducerBatch } from 'kafkajs';
import { waitUntil } from '../../../scripts/infra/processes';
import { context, openTestStore, type StoreFixture } from '../../event-store/test/store.fixture';
import type { KafkaClient } from './kafka-client';
import { OUTBOX_PARKING_SQL } from './outbox-parking.migration';
import { OutboxRelay } from './outbox-relay';

/** What each producer the relay asks for will do with a send. */
type Behaviour = 'hangs' | 'fails' | 'acknowledges';

interface FakeProducer {
  behaviour: Behaviour;
  disconnected: boolean;
  batches: ProducerBatch[];
}

/**
 * A Kafka client whose producers misbehave as told, in turn: a send that never settles (what the
 * fault suite's Kafka outage once left a relay with after the broker came back), a send that keeps
 * failing (a producer whose state the broker no longer accepts), then a healthy one.
 */
function misbehavingClient(behaviours: Behaviour[]): { client: KafkaClient; producers: FakeProducer[] } {
  const producers: FakeProducer[] = [];
  const producer = (): Producer => {
    const fake: FakeProducer = {
      behaviour: behaviours[producers.length] ?? 'acknowledges',
      disconnected: false,
      batches: [],
    };
    producers.push(fake);
    let abandon: ((error: Error) => void) | undefined;
    const stub = {
      connect: () => Promise.resolve(),
      // Like kafkajs: disconnecting ends a send in flight.
      disconnect: () => {
        fake.disconnected = true;
        abandon?.(new Error('The producer is disconnected'));
        return Promise.resolve();
      },
      sendBatch: (batch: ProducerBatch) => {
        if (fake.behaviour === 'hangs') return new Promise((_, reject) => (abandon = reject));
        if (fake.behaviour === 'fails')
          return Promise.reject(new Error('The broker received an out of order sequence number'));
        fake.batches.push(batch);
        return Promise.resolve([]);
      },
    };
    return stub as unknown as Producer;
  };
  const client = { ensureTopics: () => Promise.resolve(), kafka: { producer } };
  return { client: client as unknown as KafkaClient, producers };
}

describe('the outbox relay with a producer that stops working', () => {
  let f: StoreFixture;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    // The relay's warnings about failed sends are expected here.
    Logger.overrideLogger(false);
    f = await openTestStore(
      'relay_producer',
      {
        publish: (events) =>
          events.map((e) => ({ topic: 'test.producer', key: e.streamId, type: 'accord.test.Happened', payload: {} })),
      },
      OUTBOX_PARKING_SQL,
    );
  });

  afterEach(async () => {
    await relay?.stop();
  });

  afterAll(async () => {
    await f?.close();
  });

  it('gives up a send that never settles, and one that keeps failing, and publishes with a new producer', async () => {
    const { client, producers } = misbehavingClient(['hangs', 'fails', 'acknowledges']);
    relay = new OutboxRelay(f.dataSource, client, {
      schema: 'store_test',
      databaseUrl: f.db.url,
      pollIntervalMs: 200,
      sendTimeoutMs: 500,
    });
    relay.start();
    for (const stream of ['a', 'b', 'c']) await f.store.append(stream, [{ type: 'Happened', data: {} }], 0, context());

    expect(await waitUntil(async () => (await relay!.backlog()) === 0, 15_000)).toBe(true);
    // Each misbehaving producer was disconnected (ending its send) and never used again.
    expect(producers.map((p) => [p.behaviour, p.disconnected])).toEqual([
      ['hangs', true],
      ['fails', true],
      ['acknowledges', false],
    ]);
    const sent = producers[2].batches.flatMap((batch) => batch.topicMessages!.flatMap((t) => t.messages));
    expect(sent.map((m) => m.key)).toEqual(['a', 'b', 'c']);
  });
});
