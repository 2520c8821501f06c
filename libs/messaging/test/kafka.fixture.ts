import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { waitUntil } from '../../../scripts/infra/processes';
import type { KafkaClient } from '../src/kafka-client';

/** Reads a topic from the beginning until `count` messages arrived (or the time is up). */
export async function readTopic(
  client: KafkaClient,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<KafkaMessage[]> {
  const consumer = client.kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        messages.push(message);
        return Promise.resolve();
      },
    });
    await waitUntil(() => messages.length >= count, timeoutMs);
    // A little longer, so that a duplicate arriving after the expected count would be seen too.
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** An event store's publisher of each event to `topic`, keyed by its stream, carrying its version. */
export function publishTo(topic: string) {
  return {
    publish: (events: { streamId: string; type: string; streamVersion: number }[]) =>
      events.map((e) => ({
        topic,
        key: e.streamId,
        type: `accord.test.${e.type}`,
        payload: { streamId: e.streamId, version: e.streamVersion },
      })),
  };
}
