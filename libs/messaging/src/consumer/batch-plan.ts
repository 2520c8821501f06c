import type { EachBatchPayload, EachMessagePayload } from 'kafkajs';
import type { Run } from './consumer-run';
import { parseMessage, type ReceivedMessage } from './received-message';

/**
 * The steps in which a fetched batch of one partition is applied, in offset order: runs of
 * messages that parsed, in transactions of up to `max` messages (`together`), and each message
 * that did not, on its own between them (`alone`). Pure, and lazy: each step is taken from `items`
 * once the steps before it ran, so a batch given up halfway is read no further.
 */
export type BatchStep<T, U> = { together: T[] } | { alone: U };

/** A message of the batch, as it could be parsed (`ok`) or not. */
export type Parsed<T, U> = { ok: true; item: T } | { ok: false; item: U };

export function* planBatch<T, U>(items: Iterable<Parsed<T, U>>, max: number): Generator<BatchStep<T, U>> {
  let chunk: T[] = [];
  for (const entry of items) {
    if (entry.ok) {
      chunk.push(entry.item);
      if (chunk.length < max) continue;
      yield { together: chunk };
    } else {
      if (chunk.length > 0) yield { together: chunk };
      yield { alone: entry.item };
    }
    chunk = [];
  }
  if (chunk.length > 0) yield { together: chunk };
}

/**
 * A chunk whose message at `index` failed in the shared transaction: what is applied again
 * together before it, the message that goes on alone, and what follows together after it.
 */
export function splitAtFailure<T>(chunk: T[], index: number): { before: T[]; failed: T; after: T[] } {
  return { before: chunk.slice(0, index), failed: chunk[index], after: chunk.slice(index + 1) };
}

/** A message taken out of a fetched batch, parsed, waiting for its transaction. */
export interface Pending {
  single: EachMessagePayload;
  received: ReceivedMessage;
}

/**
 * Whether to go on with a fetched batch: not when the consumer is stopping, nor when the group moved
 * the partition's position (a rebalance, a seek). What is left is not marked done, so it is read again.
 */
export function proceeding(payload: EachBatchPayload, run: Pick<Run, 'stopping'>): boolean {
  return payload.isRunning() && !payload.isStale() && !run.stopping.signal.aborted;
}

/** A message that could not be parsed, and why. */
export interface Unparsed {
  single: EachMessagePayload;
  parsed: { ok: false; reason: string };
}

/** The messages of a batch, each as kafkajs's eachMessage would see it, parsed. */
export function* parsedMessages(payload: EachBatchPayload): Generator<Parsed<Pending, Unparsed>> {
  const { batch } = payload;
  for (const message of batch.messages) {
    const single: EachMessagePayload = {
      topic: batch.topic,
      partition: batch.partition,
      message,
      heartbeat: () => payload.heartbeat(),
      pause: () => payload.pause(),
    };
    const parsed = parseMessage(batch.topic, batch.partition, message);
    yield parsed.ok
      ? { ok: true, item: { single, received: parsed.message } }
      : { ok: false, item: { single, parsed } };
  }
}
