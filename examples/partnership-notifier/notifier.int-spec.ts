import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, Partitioners, type Message } from 'kafkajs';
import {
  AGREEMENT_TOPIC,
  PARTNERSHIP_ESTABLISHED,
  startNotifier,
  type Notifier,
  type PartnershipEstablishedV1,
} from './src/notifier';

jest.setTimeout(60_000);

/**
 * The notifier against the real broker and the real `accord.agreements` topic. The topic is shared
 * (the services and other tests write to it too), so this run uses a consumer group of its own,
 * fresh agreement ids and a temporary output directory, and looks only at what it produced.
 */
const run = randomUUID().slice(0, 8);
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/** Polls `probe` until it returns true, for at most `timeoutMs`. */
async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

describe('partnership notifier on a real broker', () => {
  const kafka = new Kafka({ clientId: `partnership-notifier-test-${run}`, brokers, logLevel: logLevel.WARN });
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const groupId = `partnership-notifier-test-${run}`;
  const logged: string[] = [];
  const logger = {
    info: (line: string) => logged.push(line),
    warn: (line: string) => logged.push(line),
    error: (line: string) => logged.push(line),
  };
  let outputDir: string;
  let notifier: Notifier | undefined;

  beforeAll(async () => {
    outputDir = await mkdtemp(join(tmpdir(), 'partnership-notifier-'));
    await Promise.all([admin.connect(), producer.connect()]);
    // The agreement service creates its topic when it starts; create it here if it has not run yet
    // (a race with another creator makes createTopics resolve to false, which is fine).
    if (!(await admin.listTopics()).includes(AGREEMENT_TOPIC)) {
      await admin.createTopics({ topics: [{ topic: AGREEMENT_TOPIC, numPartitions: 6 }], waitForLeaders: true });
    }
  });

  afterAll(async () => {
    await notifier?.stop();
    await producer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
    if (outputDir) await rm(outputDir, { recursive: true, force: true });
  });

  /** Sends one message and says where it landed. */
  async function produce(message: Message): Promise<{ partition: number; offset: number }> {
    const [written] = await producer.send({ topic: AGREEMENT_TOPIC, acks: -1, messages: [message] });
    return { partition: written.partition, offset: Number(written.baseOffset) };
  }

  /** True once the group has committed past every one of these messages. */
  async function consumedPast(positions: { partition: number; offset: number }[]): Promise<boolean> {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [AGREEMENT_TOPIC] });
    return positions.every(({ partition, offset }) => {
      const commit = committed.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1';
      return Number(commit) > offset;
    });
  }

  const headers = (ceId: string, type: string, agreementId: string) => ({
    ce_specversion: '1.0',
    ce_id: ceId,
    ce_type: type,
    ce_source: 'accord/partnership-notifier-test',
    ce_subject: agreementId,
    ce_time: new Date().toISOString(),
    'content-type': 'application/json',
    correlation_id: randomUUID(),
    causation_id: randomUUID(),
    actor: 'test:partnership-notifier',
  });

  it('writes one checklist per partnership established, once per message id, and nothing for other messages', async () => {
    // Real UUIDs throughout: Accord's own services read this topic too and store these ids as uuid.
    const agreementId = randomUUID();
    const otherAgreementId = randomUUID();
    const partnerIds = [randomUUID(), randomUUID()];
    const ownerId = randomUUID();
    const established: PartnershipEstablishedV1 = {
      agreementId,
      version: 7,
      occurredAt: '2026-03-02T09:30:00.000Z',
      status: 'signed',
      agreementType: 'joint_research',
      title: `Notifier test ${run}: joint research on edge AI`,
      partnerIds,
      ownerId,
      parentAgreementId: null,
      technologyAreas: ['edge-ai', 'robotics'],
      effectiveDate: '2026-04-01',
      expiryDate: '2028-03-31',
      executedOn: '2026-03-02',
    };
    const messageId = randomUUID();
    const message: Message = {
      key: agreementId,
      value: JSON.stringify(established),
      headers: headers(messageId, PARTNERSHIP_ESTABLISHED, agreementId),
    };
    const draftedMessageId = randomUUID();
    const drafted: Message = {
      key: otherAgreementId,
      value: JSON.stringify({
        agreementId: otherAgreementId,
        version: 1,
        occurredAt: '2026-03-02T09:31:00.000Z',
        status: 'draft',
        agreementType: 'nda',
        title: `Notifier test ${run}: an NDA still in draft`,
        partnerIds: [randomUUID()],
        ownerId,
        parentAgreementId: null,
        technologyAreas: [],
        effectiveDate: '2026-04-01',
        expiryDate: null,
      }),
      headers: headers(draftedMessageId, 'accord.agreement.drafted.v1', otherAgreementId),
    };

    // Published before the notifier first runs: its new group must start from the beginning.
    const positions = [
      await produce(message),
      await produce(message), // delivered again, same ce_id: must not make a second checklist
      await produce(drafted),
    ];
    notifier = await startNotifier({ brokers, groupId, outputDir, logger });

    const checklist = join(outputDir, `${agreementId}.md`);
    await waitFor(`the checklist ${checklist}`, () => Promise.resolve(existsSync(checklist)));
    await waitFor('the notifier to commit past the three messages', () => consumedPast(positions));

    const content = await readFile(checklist, 'utf8');
    expect(content).toContain(`# Onboarding checklist: Notifier test ${run}: joint research on edge AI`);
    expect(content).toContain('| Type | joint_research |');
    for (const id of [agreementId, ownerId, ...partnerIds]) expect(content).toContain(id);
    expect(content).toContain('| Effective | 2026-04-01 |');
    expect(content).toContain('| Expires | 2028-03-31 |');
    expect(content).toContain('| Technology areas | edge-ai, robotics |');
    expect(content).toMatch(/## Legal\n\n- \[ \] File the executed agreement/);
    expect(content).toMatch(/## IP office\n\n- \[ \] Record the background IP/);
    expect(content).toContain(`GET /agreements/${agreementId}`);
    expect(content).toMatch(/## Finance\n\n- \[ \] Open a cost centre/);

    // One checklist written, one redelivery skipped.
    expect(logged.filter((line) => line.includes(agreementId))).toEqual([
      expect.stringContaining('onboarding checklist for legal, IP office and finance written'),
    ]);
    // (More than one skip if the group rebalanced meanwhile and the batch came again: still skipped.)
    const seenAgain = logged.filter((line) => line.includes(messageId));
    expect(seenAgain.length).toBeGreaterThan(0);
    for (const line of seenAgain) expect(line).toContain('handled before; skipped');
    // The draft is not a partnership: no checklist, not even a mention.
    expect(existsSync(join(outputDir, `${otherAgreementId}.md`))).toBe(false);
    expect(logged.filter((line) => line.includes(otherAgreementId) || line.includes(draftedMessageId))).toEqual([]);
    // Only this test's own temporary file: partnerships other tests establish on the shared topic
    // are written here too, and one may be half-way through its write at this moment.
    expect((await readdir(outputDir)).filter((name) => name.startsWith(`${agreementId}.md.`))).toEqual([]);
  });
});
