import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type IHeaders, type Message } from 'kafkajs';
import { headersAsStrings } from '../../../libs/messaging/src/consumer/received-message';

export const TOPICS = ['accord.partners', 'accord.agreements', 'accord.projects'] as const;
export type Topic = (typeof TOPICS)[number];

/** One message as it sits on a topic. */
export interface TopicMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: Buffer | null;
  rawHeaders: IHeaders;
  headers: Record<string, string>;
}

export function kafkaFor(brokers: string[]): Kafka {
  return new Kafka({ clientId: `faults-${randomUUID().slice(0, 8)}`, brokers, logLevel: logLevel.NOTHING });
}

/**
 * Every message on the topics, from the first to the end offsets they have when this is called, in
 * partition order. An outside reader, with a group of its own that it never commits.
 */
export async function readTopics(kafka: Kafka, topics: readonly string[], timeoutMs = 60_000): Promise<TopicMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, number>();
  try {
    for (const topic of topics) {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        if (Number(high) > Number(low)) remaining.set(`${topic}/${partition}`, Number(high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  const messages: TopicMessage[] = [];
  if (remaining.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: `faults-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`read ${messages.length} messages; still waiting for ${[...remaining.keys()].join(', ')}`)),
        timeoutMs,
      );
      consumer
        .run({
          autoCommit: false,
          eachMessage: ({ topic, partition, message }) => {
            const end = remaining.get(`${topic}/${partition}`);
            const offset = Number(message.offset);
            if (end !== undefined && offset < end) {
              messages.push({
                topic,
                partition,
                offset,
                key: message.key?.toString() ?? null,
                value: message.value,
                rawHeaders: message.headers ?? {},
                headers: headersAsStrings(message.headers),
              });
            }
            if (end !== undefined && offset + 1 >= end) remaining.delete(`${topic}/${partition}`);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || a.offset - b.offset);
}

/** Produces messages (built by the caller) to explicit partitions, acknowledged by every replica. */
export async function produce(kafka: Kafka, topic: string, messages: Message[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 500) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 500) });
    }
  } finally {
    await producer.disconnect();
  }
}

/** The copy of a message a second delivery would be: the same key, value, headers and partition. */
export function copyOf(message: TopicMessage): Message {
  return { key: message.key, value: message.value, headers: message.rawHeaders, partition: message.partition };
}
