import type { IHeaders } from 'kafkajs';

/**
 * What a dead-lettered message carries besides its original key, value and headers: enough to see
 * why it failed and to put it back where it came from (scripts/dlq-replay.ts).
 */
export const DeadLetterHeader = {
  error: 'dlq_error',
  consumer: 'dlq_consumer',
  originalTopic: 'dlq_original_topic',
  originalPartition: 'dlq_original_partition',
  originalOffset: 'dlq_original_offset',
  failedAt: 'dlq_failed_at',
} as const;

/** The default dead-letter topic of a topic. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

export interface DeadLetterFailure {
  error: string;
  consumer: string;
  topic: string;
  partition: number;
  offset: string;
  failedAt: Date;
}

// Headers travel with every fetch of the message; an error message with a stack in it need not.
const MAX_ERROR_LENGTH = 1_000;

/** The original headers, with the dlq_* ones describing this failure (replacing any earlier ones). */
export function deadLetterHeaders(original: IHeaders | undefined, failure: DeadLetterFailure): IHeaders {
  return {
    ...withoutDeadLetterHeaders(original),
    [DeadLetterHeader.error]: failure.error.slice(0, MAX_ERROR_LENGTH),
    [DeadLetterHeader.consumer]: failure.consumer,
    [DeadLetterHeader.originalTopic]: failure.topic,
    [DeadLetterHeader.originalPartition]: String(failure.partition),
    [DeadLetterHeader.originalOffset]: failure.offset,
    [DeadLetterHeader.failedAt]: failure.failedAt.toISOString(),
  };
}

/** The headers as the original producer sent them, for a replay. */
export function withoutDeadLetterHeaders(headers: IHeaders | undefined): IHeaders {
  const dlqNames = new Set<string>(Object.values(DeadLetterHeader));
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !dlqNames.has(name)));
}
