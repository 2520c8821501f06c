/**
 * Puts dead-lettered messages back: `tsx scripts/dlq-replay.ts <dlq-topic> [--group <id>] [--dry-run]`.
 *
 * Reads the dead-letter topic with a consumer group of its own (default `dlq-replay.<topic>`), so a
 * second run carries on after the last message replayed, and republishes each message to the topic
 * and partition it came from, with its original key, value and headers. It stops once it has
 * reached the end offsets the topic had when it started. Replay when the cause of the failures is
 * fixed: the messages then arrive after later messages of their keys.
 *
 * Each message is committed after its republication is acknowledged. A crash in between republishes
 * it again on the next run, which the consumers' inbox recognises by its ce_id and skips.
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel, type Admin, type KafkaMessage, type Message } from 'kafkajs';
import { DeadLetterHeader, withoutDeadLetterHeaders } from '../libs/messaging/src/consumer/dead-letter';
import { headersAsStrings } from '../libs/messaging/src/consumer/received-message';

const USAGE = 'usage: dlq-replay.ts <dlq-topic> [--group <id>] [--dry-run]';
/** No message for this long while some are still due means something else holds the partitions. */
const IDLE_TIMEOUT_MS = 30_000;

export interface Options {
  topic: string;
  group: string;
  dryRun: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { group: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new Error(USAGE);
  const topic = positionals[0];
  return { topic, group: values.group ?? `dlq-replay.${topic}`, dryRun: values['dry-run'] };
}

/**
 * The end offset of each partition the group has not yet read to the end. The high watermarks are
 * taken now: messages dead-lettered while the replay runs are left for the next one.
 */
async function pendingPartitions(admin: Admin, topic: string, group: string): Promise<Map<number, number>> {
  if (!(await admin.listTopics()).includes(topic)) throw new Error(`no topic named ${topic}`);
  const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  const pending = new Map<number, number>();
  for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
    const commit = Number(committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? -1);
    if (Math.max(commit, Number(low)) < Number(high)) pending.set(partition, Number(high));
  }
  return pending;
}

function describe(partition: number, message: KafkaMessage, to: string): string {
  const headers = headersAsStrings(message.headers);
  return (
    `${partition}@${message.offset} -> ${to} key=${message.key?.toString() ?? '(none)'} ` +
    `ce_id=${headers.ce_id ?? '(none)'} error=${JSON.stringify(headers[DeadLetterHeader.error] ?? '')}`
  );
}

/** The message as its producer sent it, bound for the partition it was consumed from. */
function republished(message: KafkaMessage): Message {
  // Its original partition is where its key's other messages are, whatever partitioner the
  // original producer used.
  const partition = Number(headersAsStrings(message.headers)[DeadLetterHeader.originalPartition]);
  return {
    key: message.key,
    value: message.value,
    headers: withoutDeadLetterHeaders(message.headers),
    partition: Number.isInteger(partition) ? partition : undefined,
  };
}

/** Replays what `group` has not yet read of the dead-letter topic; exported for the fault suite. */
export async function replay({ topic, group, dryRun }: Options, brokers: string[]): Promise<void> {
  // The output is for a person: kafkajs's own retry logs stay quiet, and the final error, if any,
  // is printed as one line.
  const kafka = new Kafka({
    clientId: 'dlq-replay',
    brokers,
    connectionTimeout: 3_000,
    logLevel: logLevel.NOTHING,
    retry: { retries: 3 },
  });
  const admin = kafka.admin();
  await admin.connect();
  let pending: Map<number, number>;
  try {
    pending = await pendingPartitions(admin, topic, group);
  } finally {
    await admin.disconnect();
  }
  const verb = dryRun ? 'would replay' : 'replayed';
  if (pending.size === 0) {
    console.log(`${verb} 0 message(s) from ${topic}: group ${group} has read it to the end`);
    return;
  }

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 250 });
  let replayed = 0;
  let skipped = 0;
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      let idle: NodeJS.Timeout | undefined;
      const progress = () => {
        clearTimeout(idle);
        idle = setTimeout(
          () =>
            reject(new Error(`no message from ${topic} for ${IDLE_TIMEOUT_MS / 1000} s; is group ${group} in use?`)),
          IDLE_TIMEOUT_MS,
        );
      };
      const finish = (error?: Error) => {
        clearTimeout(idle);
        if (error) reject(error);
        else resolve();
      };
      const done = (partition: number) => {
        pending.delete(partition);
        if (pending.size === 0) finish();
      };
      // eachMessage errors are retried by kafkajs; once its retries are spent it reports a crash.
      consumer.on(consumer.events.CRASH, ({ payload }) => finish(payload.error));
      progress();
      consumer
        .run({
          // Commits only after a message is republished; a dry run commits nothing.
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = pending.get(partition);
            if (end === undefined || Number(message.offset) >= end) return done(partition);
            progress();
            const to = headersAsStrings(message.headers)[DeadLetterHeader.originalTopic];
            if (!to) {
              console.error(`skipped ${partition}@${message.offset}: no ${DeadLetterHeader.originalTopic} header`);
              skipped++;
            } else if (dryRun) {
              console.log(describe(partition, message, to));
              replayed++;
            } else {
              await producer.send({ topic: to, acks: -1, messages: [republished(message)] });
              replayed++;
            }
            if (!dryRun) {
              await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
            }
            if (Number(message.offset) + 1 >= end) done(partition);
          },
        })
        .catch(finish);
    });
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
  console.log(`${verb} ${replayed} message(s) from ${topic}${skipped > 0 ? `, skipped ${skipped}` : ''}`);
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    const message = (error as Error).message;
    console.error(message === USAGE ? USAGE : `${message}; ${USAGE}`);
    process.exit(2);
  }
  const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  await replay(options, brokers);
}

// Run as a command; imported (by a test), it only provides replay().
if (require.main === module) {
  main().catch((error: Error) => {
    // One line for a person, not a stack trace.
    console.error(`dlq-replay: ${error.message}`);
    process.exit(1);
  });
}
