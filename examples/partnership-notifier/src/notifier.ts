/**
 * Partnership notifier: an example of a service outside Accord that reacts to Accord's events.
 *
 * When an agreement has been signed by every party, Accord's agreement service publishes
 * `accord.partnership.established.v1` on the topic `accord.agreements`. This consumer turns each one
 * into an onboarding checklist for legal, the IP office and finance: a markdown file per agreement
 * in an output directory, and a log line.
 *
 * It uses nothing but `kafkajs` and Node: a team outside the Accord repository has neither its
 * libraries nor NestJS. The few contract types it needs are copied below.
 *
 * Run it against a running Accord (`npm start` at the repository root):
 *
 *   npx tsx examples/partnership-notifier/src/notifier.ts
 *
 * Settings: KAFKA_BROKERS (default 127.0.0.1:9092), NOTIFIER_GROUP_ID (default partnership-notifier),
 * NOTIFIER_OUTPUT_DIR (default ./partnership-checklists).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Kafka, logLevel, type Consumer, type IHeaders, type KafkaMessage } from 'kafkajs';

// ---------------------------------------------------------------------------------------------
// The contract, copied from Accord's `libs/contracts/src/agreement.contract.ts` (topic, message
// type and payload of `accord.partnership.established.v1`). Keep it in step with that file: a v1
// message only ever gains optional fields; a breaking change comes as a new `.v2` type.
// ---------------------------------------------------------------------------------------------

export const AGREEMENT_TOPIC = 'accord.agreements';
export const PARTNERSHIP_ESTABLISHED = 'accord.partnership.established.v1';

export interface PartnershipEstablishedV1 {
  agreementId: string;
  /** The agreement's version after this change. */
  version: number;
  occurredAt: string;
  agreementType: string;
  title: string;
  partnerIds: string[];
  ownerId: string;
  parentAgreementId: string | null;
  technologyAreas: string[];
  /** ISO dates, `YYYY-MM-DD`. */
  effectiveDate: string;
  expiryDate: string | null;
  executedOn: string;
  status: 'signed' | 'active';
}

/**
 * The headers every Accord message carries (CloudEvents over Kafka, plus tracing). The key of the
 * message is the agreement id, so one agreement's messages stay in order on one partition.
 */
export interface AccordHeaders {
  /** Unique per message, and the same when a message is delivered again: deduplicate on it. */
  ce_id?: string;
  ce_type?: string;
  ce_source?: string;
  ce_time?: string;
  ce_subject?: string;
  correlation_id?: string;
  causation_id?: string;
  actor?: string;
}

// ---------------------------------------------------------------------------------------------
// The notifier
// ---------------------------------------------------------------------------------------------

export type Logger = Pick<Console, 'info' | 'warn' | 'error'>;

export interface NotifierOptions {
  /** `host:port` of one or more brokers. */
  brokers: string[];
  /** The consumer group: this service's own, so it reads every message whatever other readers do. */
  groupId?: string;
  /** Where the checklists are written, one `<agreement id>.md` each; created if missing. */
  outputDir: string;
  /** How many recent message ids to remember for deduplication. */
  dedupeCapacity?: number;
  logger?: Logger;
}

export interface Notifier {
  /** Finishes the message in hand, commits, leaves the group and disconnects. Safe to call twice. */
  stop(): Promise<void>;
}

export const DEFAULT_GROUP_ID = 'partnership-notifier';

export async function startNotifier(options: NotifierOptions): Promise<Notifier> {
  const { brokers, groupId = DEFAULT_GROUP_ID, dedupeCapacity = 10_000, logger = console } = options;
  const outputDir = resolve(options.outputDir);
  await mkdir(outputDir, { recursive: true });

  const kafka = new Kafka({ clientId: groupId, brokers, logLevel: logLevel.WARN });
  // disconnect() waits for the fetch in flight: a short fetch wait keeps stop() quick.
  const consumer: Consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
  const handled = new RecentIds(dedupeCapacity);

  consumer.on(consumer.events.CRASH, ({ payload }) => {
    logger.error(`consumer crashed (${payload.restart ? 'restarting' : 'not restarting'}): ${payload.error.message}`);
  });

  async function onMessage(message: KafkaMessage, at: string): Promise<void> {
    const headers = readHeaders(message.headers);
    // The topic carries every change to every agreement: take the one type this service acts on.
    if (headers.ce_type !== PARTNERSHIP_ESTABLISHED) return;

    // Kafka delivers at least once: after a crash or a rebalance, messages whose offsets were not
    // yet committed come again. Remembering recent ids in memory is enough for an example, but it
    // is lost on restart. A real service records each ce_id in its own database, in the same
    // transaction as the effect (an "inbox" table with a unique key), and skips ids already there.
    const messageId = headers.ce_id;
    if (messageId && handled.has(messageId)) {
      logger.info(`${at}: message ${messageId} was handled before; skipped`);
      return;
    }

    const partnership = parsePartnership(message.value);
    if (!partnership) {
      // Retrying cannot fix a malformed message: log it and move on. (A real service would send it
      // to a dead-letter topic to look at later.)
      logger.warn(`${at}: ${PARTNERSHIP_ESTABLISHED} message ${messageId ?? '(no ce_id)'} is malformed; skipped`);
      return;
    }

    const file = join(outputDir, `${safeFileName(partnership.agreementId)}.md`);
    // Claimed before the write: a rebalance can hand a batch being handled to this process again,
    // and the second copy must not write alongside the first. Released if the write fails, so that
    // the error makes kafkajs deliver the message again instead of committing past it.
    if (messageId) handled.add(messageId);
    try {
      await writeAtomically(file, renderChecklist(partnership, headers));
    } catch (error) {
      if (messageId) handled.delete(messageId);
      throw error;
    }
    logger.info(
      `${at}: partnership established: "${partnership.title}" (${partnership.agreementType}, agreement ${partnership.agreementId}); onboarding checklist for legal, IP office and finance written to ${file}`,
    );
  }

  await consumer.connect();
  try {
    // A new group starts at the earliest message still kept, so partnerships established before
    // this service first ran are notified too. Afterwards it resumes where it committed.
    await consumer.subscribe({ topics: [AGREEMENT_TOPIC], fromBeginning: true });
    // Messages of one partition are handled one at a time, in order; the offset is committed only
    // after `eachMessage` resolves (kafkajs commits after each batch).
    await consumer.run({
      eachMessage: ({ topic, partition, message }) => onMessage(message, `${topic}[${partition}]@${message.offset}`),
    });
  } catch (error) {
    await consumer.disconnect();
    throw error;
  }
  logger.info(`partnership notifier: group ${groupId} consuming ${AGREEMENT_TOPIC}, writing to ${outputDir}`);

  let stopping: Promise<void> | undefined;
  return {
    stop: () => (stopping ??= consumer.disconnect()),
  };
}

/** Kafka header values are buffers (or lists of them); Accord sends one string per header. */
function readHeaders(headers: IHeaders | undefined): AccordHeaders {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}

/** The payload, when it has the fields the checklist needs; otherwise undefined. */
function parsePartnership(value: Buffer | null): PartnershipEstablishedV1 | undefined {
  if (!value) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(value.toString());
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null) return undefined;
  const p = payload as Partial<Record<keyof PartnershipEstablishedV1, unknown>>;
  const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
  const ok =
    isString(p.agreementId) &&
    isString(p.title) &&
    isString(p.agreementType) &&
    isString(p.ownerId) &&
    isString(p.effectiveDate) &&
    isString(p.executedOn) &&
    isStringList(p.partnerIds) &&
    isStringList(p.technologyAreas);
  return ok ? (payload as PartnershipEstablishedV1) : undefined;
}

/** Agreement ids are UUIDs; anything else is made harmless before it becomes a file name. */
function safeFileName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Readers of the output directory never see a half-written checklist. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content, 'utf8');
  await rename(temporary, file);
}

/** The ids of the last `capacity` messages handled; the oldest is forgotten first. */
class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  delete(id: string): void {
    this.ids.delete(id);
  }

  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      // A Set iterates in insertion order: the first id is the oldest.
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The checklist
// ---------------------------------------------------------------------------------------------

/** One markdown checklist per agreement, with a section per team. */
export function renderChecklist(p: PartnershipEstablishedV1, headers: AccordHeaders = {}): string {
  const agreementUrl = `GET /agreements/${p.agreementId}`;
  const list = (items: string[]) => (items.length > 0 ? items.map((item) => `\`${item}\``).join(', ') : 'none listed');
  const expiry = p.expiryDate ?? 'open-ended (no expiry date)';

  const noticeTask = p.expiryDate
    ? `Calendar the notice periods: the last day to give notice before the expiry on ${p.expiryDate}.`
    : 'Calendar the notice periods for termination (the agreement has no expiry date).';

  return [
    `# Onboarding checklist: ${oneLine(p.title)}`,
    '',
    '| | |',
    '| --- | --- |',
    `| Agreement | \`${p.agreementId}\` |`,
    `| Type | ${cell(p.agreementType)} |`,
    `| Partners | ${list(p.partnerIds)} |`,
    `| Owner | \`${p.ownerId}\` |`,
    `| Effective | ${p.effectiveDate} |`,
    `| Expires | ${expiry} |`,
    `| Executed on | ${p.executedOn} |`,
    `| Technology areas | ${p.technologyAreas.length > 0 ? p.technologyAreas.map(cell).join(', ') : 'none listed'} |`,
    ...(p.parentAgreementId ? [`| Under agreement | \`${p.parentAgreementId}\` |`] : []),
    '',
    `From Accord message \`${headers.ce_id ?? 'unknown'}\` (${headers.ce_source ?? 'unknown source'}, ${headers.ce_time ?? p.occurredAt}, correlation id \`${headers.correlation_id ?? 'unknown'}\`).`,
    '',
    '## Legal',
    '',
    `- [ ] File the executed agreement (signed by every party on ${p.executedOn}) in the contract repository.`,
    `- [ ] ${noticeTask} The notice period (\`noticePeriodDays\`) and whether it renews by itself (\`autoRenew\`) are not in the message: read them from the agreement service, \`${agreementUrl}\`.`,
    '',
    '## IP office',
    '',
    '- [ ] Record the background IP each party brings to the agreement.',
    '- [ ] Record the ownership rule for foreground IP (what the partnership creates), and set up the publication review.',
    `- [ ] The message carries no IP terms: fetch them from the agreement service, \`${agreementUrl}\` (\`ipTerms\`: \`foregroundOwnership\`, \`backgroundIpListed\`, \`publicationReviewDays\`).`,
    '',
    '## Finance',
    '',
    `- [ ] Open a cost centre for "${oneLine(p.title)}", owned by \`${p.ownerId}\`, from ${p.effectiveDate}${p.expiryDate ? ` to ${p.expiryDate}` : ''}.`,
    '',
  ].join('\n');
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const cell = (text: string) => oneLine(text).replace(/\|/g, '\\|');

// ---------------------------------------------------------------------------------------------
// Run directly: `npx tsx examples/partnership-notifier/src/notifier.ts`
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const notifier = await startNotifier({
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((broker) => broker.trim()),
    groupId: process.env.NOTIFIER_GROUP_ID || DEFAULT_GROUP_ID,
    outputDir: process.env.NOTIFIER_OUTPUT_DIR || 'partnership-checklists',
  });

  // On SIGTERM (or Ctrl-C) finish the message in hand, commit, leave the group, exit 0.
  const shutdown = (signal: NodeJS.Signals) => {
    console.info(`${signal}: stopping`);
    notifier.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('could not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('partnership notifier failed to start:', error);
    process.exit(1);
  });
}
