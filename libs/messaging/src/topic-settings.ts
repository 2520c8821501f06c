import type { ConfigEntries, ITopicConfig } from 'kafkajs';

/**
 * How Accord creates its topics, instead of the broker's defaults: how many copies of each partition
 * the cluster keeps, how many must have a write before it counts, how long messages stay and how large
 * one may be. Unset numbers follow the cluster: three copies on three brokers or more (two of which
 * must take each write), one on a single development broker.
 */
export interface TopicSettings {
  replicationFactor?: number;
  minInsyncReplicas?: number;
  /** Event topics: how long a consumer may be away and still catch up from the broker. */
  retentionMs: number;
  maxMessageBytes: number;
  /** Dead-letter topics: kept longer (an operator has to look at each), and roomier. */
  deadLetterRetentionMs: number;
}

export const DEFAULT_TOPIC_SETTINGS: TopicSettings = {
  retentionMs: 30 * 24 * 3_600_000,
  maxMessageBytes: 1_048_576,
  deadLetterRetentionMs: 90 * 24 * 3_600_000,
};

/** Dead letters carry the original message and headers about its failure: they get twice the room. */
const DEAD_LETTER_ROOM = 2;

export const isDeadLetterTopic = (topic: string) => topic.endsWith('.dlq');

/** What a topic should be, on a cluster of `brokers` brokers. */
export function topicConfig(
  topic: ITopicConfig,
  settings: TopicSettings,
  brokers: number,
): { replicationFactor: number; configs: Record<string, string> } {
  const replicationFactor = settings.replicationFactor ?? Math.min(3, Math.max(1, brokers));
  const minInsync = settings.minInsyncReplicas ?? Math.max(1, Math.min(2, replicationFactor - 1));
  const deadLetters = isDeadLetterTopic(topic.topic);
  return {
    replicationFactor,
    configs: {
      'min.insync.replicas': String(minInsync),
      'retention.ms': String(deadLetters ? settings.deadLetterRetentionMs : settings.retentionMs),
      'max.message.bytes': String(settings.maxMessageBytes * (deadLetters ? DEAD_LETTER_ROOM : 1)),
    },
  };
}

/** Each way an existing topic differs from what Accord would create, in words for the log. */
export function topicDifferences(
  wanted: { replicationFactor: number; configs: Record<string, string> },
  actual: { replicationFactor: number; configs: ConfigEntries[] },
): string[] {
  const found: string[] = [];
  if (actual.replicationFactor < wanted.replicationFactor)
    found.push(`replication factor ${actual.replicationFactor}, not ${wanted.replicationFactor}`);
  for (const [name, value] of Object.entries(wanted.configs)) {
    const current = actual.configs.find((entry) => entry.configName === name)?.configValue;
    if (current !== value) found.push(`${name}=${current ?? 'unset'}, not ${value}`);
  }
  return found;
}
