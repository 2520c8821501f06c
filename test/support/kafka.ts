import { Kafka, logLevel } from 'kafkajs';

/** A plain kafkajs client on the test broker, silent. */
export function kafka(clientId: string): Kafka {
  return new Kafka({ clientId, brokers: (process.env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.NOTHING });
}

/**
 * Commits, for consumer groups that do not exist yet, the current end of their topics: the services
 * of a test then start where the topics are now, as on a fresh broker, instead of first applying the
 * history other suites left on the shared topics (which would only make the test slow). Topics that
 * do not exist yet have no history to skip.
 */
export async function startAtTheEnd(groups: Record<string, string[]>): Promise<void> {
  const admin = kafka('start-at-the-end').admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    for (const [groupId, topics] of Object.entries(groups)) {
      for (const topic of topics.filter((t) => existing.has(t))) {
        const ends = await admin.fetchTopicOffsets(topic);
        await admin.setOffsets({
          groupId,
          topic,
          partitions: ends.map(({ partition, high }) => ({ partition, offset: high })),
        });
      }
    }
  } finally {
    await admin.disconnect();
  }
}
