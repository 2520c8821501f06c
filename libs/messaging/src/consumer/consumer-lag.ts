import type { KafkaClient } from '../kafka-client';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** The group's committed offset (the next message it will read), or null if it never committed. */
  committedOffset: number | null;
  /** The high watermark: the offset the next produced message will get. */
  endOffset: number;
  /** Messages the group has still to process. */
  lag: number;
}

/**
 * One partition's lag from what Kafka reports: the group's commit (-1 for none), and the offsets
 * of the partition's earliest kept message (`low`) and of its next one (`high`).
 */
export function partitionLag(
  topic: string,
  partition: number,
  commit: number,
  low: number,
  high: number,
): PartitionLag {
  const committedOffset = commit >= 0 ? commit : null;
  // Reading resumes at the commit; without one (or if retention removed it) at the earliest
  // message still kept.
  const next = Math.max(committedOffset ?? 0, low);
  return { topic, partition, committedOffset, endOffset: high, lag: Math.max(0, high - next) };
}

/** Per topic-partition: where the group is, where the topic ends, and how far behind it is. */
export async function lagOf(client: KafkaClient, groupId: string, topics: string[]): Promise<PartitionLag[]> {
  const admin = await client.connectedAdmin();
  const committed = await admin.fetchOffsets({ groupId, topics });
  const result: PartitionLag[] = [];
  for (const topic of topics) {
    const offsets = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
      // Kafka reports "no commit" as -1. Offsets fit a double for any topic this side of 2^53.
      const commit = Number(offsets.find((entry) => entry.partition === partition)?.offset ?? -1);
      result.push(partitionLag(topic, partition, commit, Number(low), Number(high)));
    }
  }
  return result.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}
