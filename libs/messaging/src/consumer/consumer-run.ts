import type { Consumer, EachBatchPayload, Producer } from 'kafkajs';
import type { KafkaClient } from '../kafka-client';
import { withTimeout } from '../timeout';
import type { ConsumerLogger } from './consumer-logger';
import { OffsetCommitter } from './offset-committer';

/** One run of the consumer: a kafkajs consumer and producer, from their start to their close. */
export interface Run {
  consumer: Consumer;
  /** kafkajs stopped it for good (a crash it does not restart from): to be replaced. */
  dead: boolean;
  producer: Producer;
  /** Aborted by stop(), so a message waiting out a backoff does not hold up the shutdown. */
  stopping: AbortController;
  /** The batches in hand, which stop() lets finish before the last commit. */
  inHand: Set<Promise<void>>;
  /** What was applied, to be committed. */
  offsets: OffsetCommitter;
}

export interface RunSettings {
  client: KafkaClient;
  name: string;
  topics: string[];
  fetchWaitMs?: number;
  sessionTimeoutMs?: number;
  partitionsConsumedConcurrently?: number;
  commitIntervalMs?: number;
}

/** What a run tells its owner: kafkajs's CRASH event, a group join, and each fetched batch. */
export interface RunHooks {
  crashed(error: Error, restart: boolean): void;
  joined(): void;
  batch(payload: EachBatchPayload): Promise<void>;
}

/**
 * kafkajs consumer options that let the broker hold a fetch up to `waitMs` to gather more messages,
 * or until 1 MiB is there, instead of answering at the first one (see fetchWaitMs).
 */
export const waitingFetch = (waitMs: number) => ({ maxWaitTimeInMs: waitMs, minBytes: 1024 * 1024 });

/** A new kafkajs consumer and producer, wired to `hooks`, committing on its timer; not connected yet. */
export function createRun(settings: RunSettings, hooks: RunHooks, logger: ConsumerLogger): Run {
  const { client, name, fetchWaitMs } = settings;
  // A dead letter is the only copy of a message whose offset is about to be committed: it must
  // be on every in-sync replica (acks -1) and written once even if the send is retried.
  const producer = client.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  // disconnect() waits for the fetch in flight; a short fetch wait keeps stop() quick.
  const consumer = client.kafka.consumer({
    groupId: name,
    ...(fetchWaitMs === undefined ? { maxWaitTimeInMs: 250 } : waitingFetch(fetchWaitMs)),
    sessionTimeout: settings.sessionTimeoutMs ?? 10_000,
  });
  const run: Run = {
    producer,
    consumer,
    dead: false,
    stopping: new AbortController(),
    inHand: new Set(),
    offsets: new OffsetCommitter(consumer, logger),
  };
  // kafkajs reports a crash only as this event: without a listener, a consumer it stops for good
  // (a non-retriable error) stays stopped, unnoticed.
  consumer.on(consumer.events.CRASH, ({ payload }) => hooks.crashed(payload.error, payload.restart));
  // A join ends every start, kafkajs's own restarts included (and every rebalance); what it assigns
  // is what the offsets committed from now on may be for.
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    run.offsets.assign(payload.memberAssignment);
    hooks.joined();
  });
  // Before the start: a crash while joining must find the timer there to clear.
  run.offsets.startTimer(settings.commitIntervalMs ?? 1_000);
  return run;
}

/** Connects the run, subscribes it and has kafkajs run it, each batch going to `hooks.batch`. */
export async function startRun(run: Run, settings: RunSettings, hooks: RunHooks): Promise<void> {
  await run.producer.connect();
  await run.consumer.connect();
  // A new group starts at the earliest message: events published before this consumer first
  // ran are still to be applied.
  await run.consumer.subscribe({ topics: settings.topics, fromBeginning: true });
  await run.consumer.run({
    partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently ?? 1,
    // Offsets are resolved message by message, once their transaction committed, and committed on
    // a timer (commitIntervalMs).
    eachBatchAutoResolve: false,
    autoCommit: false,
    eachBatch: (payload) => {
      const handling = hooks.batch(payload).finally(() => run.inHand.delete(handling));
      run.inHand.add(handling);
      return handling;
    },
  });
}

/** Ends a run: lets the batches in hand finish, commits what they applied, disconnects. */
export async function closeRun(run: Run, logger: ConsumerLogger): Promise<void> {
  run.stopping.abort();
  run.offsets.stopTimer();
  // The batches in hand stop at their next message (or backoff); what they applied is committed
  // while the consumer is still in its group.
  await Promise.allSettled(run.inHand);
  // With the broker away, kafkajs retries a commit for half a minute: not worth holding a shutdown
  // for (the next reader starts from the commit before, and the inbox skips what it applied).
  // A dead run's commit fails at once (kafkajs left the group): its messages are redelivered.
  await withTimeout(run.offsets.commit(), 5_000, 'the last offset commit took too long').catch((error: Error) =>
    logger.warn(error.message),
  );
  // The consumer first: the message in hand may still need the producer for its dead letter.
  await run.consumer.disconnect();
  await run.producer.disconnect();
}
