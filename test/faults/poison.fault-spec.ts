import { randomUUID } from 'node:crypto';
import type { IHeaders, Message } from 'kafkajs';
import { MESSAGE_EXAMPLES } from '@accord/contracts';
import { replay } from '../../scripts/dlq-replay';
import { eventually } from '../support/eventually';
import { SCHEMA } from './support/cluster';
import { recordFigures, seconds } from './support/figures';
import { setUpStage, type Stage } from './support/scenario';
import { TOPICS, produce, readTopics, type Topic } from './support/topics';
import { CONSUMERS } from './support/verify';

/**
 * Scenario 5: poison on every topic. Messages that are not JSON, have no id or no type, or whose
 * payload breaks its contract (not an object, fields missing, a field of the wrong type) go to
 * `<topic>.dlq` at once, from every consumer group that reads the topic, and consumption goes on:
 * the valid message behind them, on the same partition, is applied.
 *
 * A message of a type the consumer does not know is NOT poison. The contracts add types in place
 * (README, Versioning), and producers deploy before their consumers: dead-lettering every new type
 * would fill the dead-letter topics at each such release and leave the copies behind until someone
 * replayed them. So Accord's consumers apply an unknown type by what every message of its topic
 * carries (the aggregate id, its version, and a status, stage or parties when it has them), the way
 * the README asks subscribers to tolerate what they do not know; this scenario checks that too.
 *
 * Last, the replay: a valid message that failed for a cause on our side (a column too narrow for a
 * long partner name, a bug a migration fixes) is dead-lettered after its retries; once fixed,
 * `npm run dlq:replay` (its function) puts it back, it is applied once, and the poison replayed with
 * it goes back to the dead-letter topic rather than anywhere else.
 */
const TODAY = '2026-06-01T09:00:00.000Z';

interface TopicPlan {
  topic: Topic;
  idField: 'partnerId' | 'agreementId' | 'projectId';
  created: keyof typeof MESSAGE_EXAMPLES;
  updated: keyof typeof MESSAGE_EXAMPLES;
  /** A type the contracts do not (yet) have. */
  unknown: string;
  /** What that unknown type carries besides the envelope. */
  unknownCarries: object;
}

const PLANS: TopicPlan[] = [
  {
    topic: 'accord.partners',
    idField: 'partnerId',
    created: 'accord.partner.registered.v1',
    updated: 'accord.partner.profile-updated.v1',
    unknown: 'accord.partner.verified.v1',
    unknownCarries: { status: 'active' },
  },
  {
    topic: 'accord.agreements',
    idField: 'agreementId',
    created: 'accord.agreement.drafted.v1',
    updated: 'accord.agreement.approved.v1',
    unknown: 'accord.agreement.notarised.v1',
    unknownCarries: { status: 'in_review' },
  },
  {
    topic: 'accord.projects',
    idField: 'projectId',
    created: 'accord.project.proposed.v1',
    updated: 'accord.project.gate-decision-recorded.v1',
    unknown: 'accord.project.audited.v1',
    unknownCarries: { stage: 'ideate', status: 'active' },
  },
];

/** The poison, by what is wrong with it, and the reason its dead letter must give. */
const POISON: { label: string; error: RegExp }[] = [
  { label: 'not JSON', error: /^value is not JSON/ },
  { label: 'no ce_id', error: /^no ce_id header/ },
  { label: 'no ce_type', error: /^malformed: no ce_type header/ },
  { label: 'not an object', error: /^malformed: .*the payload is not a JSON object/ },
  { label: 'fields missing', error: /^malformed: .*Id must be a uuid, version must be a version/ },
  { label: 'a field of the wrong type', error: /^malformed: .*version must be a version/ },
];

function headers(id: string | undefined, type: string | undefined, key: string): IHeaders {
  return {
    ...(id && { ce_id: id }),
    ...(type && { ce_type: type }),
    ce_specversion: '1.0',
    ce_source: 'accord/fault-suite',
    ce_subject: key,
    ce_time: TODAY,
    'content-type': 'application/json',
  };
}

/** The messages for one topic, all keyed by one new aggregate: the poison first, then two valid ones. */
function messagesFor(plan: TopicPlan, key: string, partner: string) {
  const created = {
    ...MESSAGE_EXAMPLES[plan.created],
    [plan.idField]: key,
    version: 1,
    occurredAt: TODAY,
    ...(plan.idField === 'agreementId' && { partnerIds: [partner] }),
    ...(plan.idField === 'projectId' && { leadPartnerIds: [partner] }),
  };
  const poison: (Message & { label: string })[] = [
    {
      label: 'not JSON',
      value: `{"${plan.idField}": "${key}", "vers`,
      headers: headers(randomUUID(), plan.created, key),
    },
    { label: 'no ce_id', value: JSON.stringify(created), headers: headers(undefined, plan.created, key) },
    { label: 'no ce_type', value: JSON.stringify(created), headers: headers(randomUUID(), undefined, key) },
    { label: 'not an object', value: '[1, 2, 3]', headers: headers(randomUUID(), plan.updated, key) },
    { label: 'fields missing', value: '{"hello": "world"}', headers: headers(randomUUID(), plan.updated, key) },
    {
      label: 'a field of the wrong type',
      value: JSON.stringify({ [plan.idField]: key, version: 'two', occurredAt: TODAY }),
      headers: headers(randomUUID(), plan.updated, key),
    },
  ].map((message) => ({ ...message, key }));
  const valid = [
    { key, value: JSON.stringify(created), headers: headers(randomUUID(), plan.created, key) },
    {
      key,
      value: JSON.stringify({ [plan.idField]: key, version: 2, occurredAt: TODAY, ...plan.unknownCarries }),
      headers: headers(randomUUID(), plan.unknown, key),
    },
  ];
  return { poison, valid };
}

const idOf = (message: Message) => String((message.headers as Record<string, string>).ce_id);

/** Waits like `eventually`, but hands back the last value rather than throw: the assertions say what is wrong. */
async function awaited<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number): Promise<T> {
  return eventually(probe, accept, timeoutMs).catch(() => probe());
}

describe('fault: poison messages on every topic, and a dead letter replayed once its cause is fixed', () => {
  let stage: Stage;

  beforeAll(async () => {
    stage = await setUpStage('poison');
  }, 180_000);

  afterAll(async () => {
    await stage?.teardown();
  }, 60_000);

  it('dead-letters the poison at once, applies what follows it and unknown types, and replays a fixed failure once', async () => {
    const { db, kafka, broker } = stage;
    const started = Date.now();
    const partner = randomUUID();
    const keys = Object.fromEntries(PLANS.map((plan) => [plan.topic, randomUUID()])) as Record<Topic, string>;
    const plans = PLANS.map((plan) => ({ plan, ...messagesFor(plan, keys[plan.topic], partner) }));
    for (const { plan, poison, valid } of plans) {
      await produce(kafka, plan.topic, [...poison.map(({ label: _label, ...message }) => message), ...valid]);
    }

    // Consumption went on past the poison: the created aggregate, then the unknown type's change.
    const copies = () =>
      db.query<{ what: string; state: string }>(
        `SELECT 'partner' AS what, status || ' v' || version AS state FROM agreement.known_partners WHERE partner_id = $1
         UNION ALL SELECT 'agreement', status || ' v' || version FROM project.known_agreements WHERE agreement_id = $2
         UNION ALL SELECT 'partner agreement', status || ' v' || version FROM partner.partner_agreements WHERE agreement_id = $2
         UNION ALL SELECT 'partner project', stage || ' v' || version FROM partner.partner_projects WHERE project_id = $3
         ORDER BY 1`,
        [keys['accord.partners'], keys['accord.agreements'], keys['accord.projects']],
      );
    const expected = [
      { what: 'agreement', state: 'in_review v2' },
      { what: 'partner', state: 'active v2' },
      { what: 'partner agreement', state: 'in_review v2' },
      { what: 'partner project', state: 'ideate v2' },
    ];
    const applied = await awaited(copies, (rows) => JSON.stringify(rows) === JSON.stringify(expected), 60_000);
    const validApplied = Date.now();

    // Every consumer group of a topic dead-lettered each poison message, with its reason.
    const deadLetterTopics = TOPICS.map((topic) => `${topic}.dlq`);
    const groupsOf = (topic: string) => CONSUMERS.filter((c) => c.topics.includes(topic));
    const expectedDeadLetters = plans.reduce(
      (sum, { plan, poison }) => sum + poison.length * groupsOf(plan.topic).length,
      0,
    );
    const deadLetters = await awaited(
      () => readTopics(kafka, deadLetterTopics),
      (letters) => letters.length >= expectedDeadLetters,
      30_000,
    );
    const deadLettered = Date.now();

    const inbox = async (id: string) =>
      (
        await Promise.all(
          Object.values(SCHEMA).map((schema) =>
            db.query(`SELECT consumer FROM ${schema}.inbox WHERE message_id = $1`, [id]),
          ),
        )
      ).flat().length;
    const perTopic = [];
    const mismatches: string[] = [];
    for (const { plan, poison, valid } of plans) {
      const groups = groupsOf(plan.topic).map((c) => `${stage.groupPrefix}.${c.service}.${c.name}`);
      const letters = deadLetters.filter((m) => m.headers.dlq_original_topic === plan.topic);
      perTopic.push({
        topic: plan.topic,
        poison: poison.length,
        groups: groups.length,
        deadLetters: letters.length,
        deadLettersByGroup: Object.fromEntries(
          groups.map((g) => [g, letters.filter((m) => m.headers.dlq_consumer === g).length]),
        ),
        validApplied: (await Promise.all(valid.map((m) => inbox(idOf(m))))).every((n) => n === groups.length),
        poisonInInbox: (
          await Promise.all(poison.filter((m) => m.label !== 'no ce_id').map((m) => inbox(idOf(m))))
        ).reduce((a, b) => a + b, 0),
      });
      // Each poison message, in the order produced, once per group, with its value and key as
      // produced and the reason it was refused; anything else is a mismatch.
      for (const group of groups) {
        const mine = letters
          .filter((m) => m.headers.dlq_consumer === group)
          .sort((a, b) => Number(a.headers.dlq_original_offset) - Number(b.headers.dlq_original_offset));
        poison.forEach((message, i) => {
          const letter = mine[i];
          const ok =
            letter !== undefined &&
            POISON[i].error.test(letter.headers.dlq_error ?? '') &&
            letter.value?.toString() === String(message.value) &&
            letter.key === keys[plan.topic];
          if (!ok)
            mismatches.push(`${group}: ${message.label}: ${letter ? letter.headers.dlq_error : 'no dead letter'}`);
        });
        if (mine.length !== poison.length)
          mismatches.push(`${group}: ${mine.length} dead letters for ${poison.length}`);
      }
    }

    // The replay. A read-model column too narrow for the names partners really have (the bug), a
    // partner with a long name registered, and another one behind it on the same partition.
    await db.query('ALTER TABLE agreement.known_partners ALTER COLUMN name TYPE varchar(40)');
    const [longName, after] = [randomUUID(), randomUUID()];
    const registration = (partnerId: string, name: string): Message => ({
      key: partnerId,
      partition: 0,
      value: JSON.stringify({
        ...MESSAGE_EXAMPLES['accord.partner.registered.v1'],
        partnerId,
        name,
        occurredAt: TODAY,
      }),
      headers: headers(randomUUID(), 'accord.partner.registered.v1', partnerId),
    });
    const failing = registration(longName, 'Université de Technologie de Compiègne, Sorbonne Universités');
    await produce(kafka, 'accord.partners', [failing, registration(after, 'NICT')]);
    const appliedBehind = await awaited(
      () => db.query('SELECT 1 FROM agreement.known_partners WHERE partner_id = $1', [after]),
      (rows) => rows.length === 1,
      60_000,
    );
    const failedLetter = await awaited(
      async () => (await readTopics(kafka, ['accord.partners.dlq'])).filter((m) => m.headers.ce_id === idOf(failing)),
      (letters) => letters.length === 1,
      30_000,
    );

    // The fix (a migration widens the column back), then the operator's replay of the whole
    // dead-letter topic: the fixed message is applied; the poison is refused again, back to the DLQ.
    await db.query('ALTER TABLE agreement.known_partners ALTER COLUMN name TYPE text');
    const partnersPoison = plans[0].poison.length;
    const replayAll = async (group: string, expectedAfter: number) => {
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        await replay({ topic: 'accord.partners.dlq', group, dryRun: false }, broker.brokers);
      } finally {
        log.mockRestore();
      }
      return awaited(
        () => readTopics(kafka, ['accord.partners.dlq']),
        (letters) => letters.length >= expectedAfter,
        30_000,
      );
    };
    const replayStarted = Date.now();
    // Before: the poison and the failed registration. After: the poison once more.
    await replayAll(`replay-${stage.run}`, 2 * partnersPoison + 1);
    const replayed = await awaited(
      () =>
        db.query<{ name: string; version: number }>(
          'SELECT name, version FROM agreement.known_partners WHERE partner_id = $1',
          [longName],
        ),
      (rows) => rows.length === 1,
      30_000,
    );
    const replayApplied = Date.now();
    // A second replay of everything, from the start (as an operator might run by mistake): the inbox
    // recognises the registration; each of the 2P poison letters comes back once more.
    const finalLetters = await replayAll(`replay-again-${stage.run}`, 4 * partnersPoison + 1);
    await awaited(
      () => stage.cluster.backlog('agreement-service'),
      (backlog) => backlog.lag === 0,
      30_000,
    );
    const inboxOfFixed = await inbox(idOf(failing));

    const figures = {
      poisonProduced: plans.reduce((sum, p) => sum + p.poison.length, 0),
      kinds: POISON.map((p) => p.label),
      deadLetters: deadLetters.length,
      expectedDeadLetters,
      perTopic,
      appliedBehindThePoison: applied,
      deadLetterMismatches: mismatches,
      replay: {
        deadLetteredAfterAttempts: 5,
        replays: 2,
        partnersPoisonPerReplay: partnersPoison,
        appliedOnce: inboxOfFixed === 1,
        inboxRowsOfFixedMessage: inboxOfFixed,
        partnersDeadLettersAfterReplays: finalLetters.length,
        fixedMessageDeadLetters: finalLetters.filter((m) => m.headers.ce_id === idOf(failing)).length,
      },
      lost: perTopic.filter((t) => !t.validApplied).length + (replayed.length === 1 ? 0 : 1),
      duplicatedEffects: Math.max(0, inboxOfFixed - 1) + perTopic.reduce((sum, t) => sum + t.poisonInInbox, 0),
      timings: {
        validAppliedAfterSeconds: seconds(validApplied - started),
        allDeadLetteredAfterSeconds: seconds(deadLettered - started),
        replayAppliedAfterSeconds: seconds(replayApplied - replayStarted),
        totalSeconds: seconds(Date.now() - started),
      },
    };
    recordFigures(
      'poison',
      `${figures.poisonProduced} poison messages (${POISON.length} kinds x ${TOPICS.length} topics) -> ${deadLetters.length} ` +
        `dead letters (one per consuming group), all within ${figures.timings.allDeadLetteredAfterSeconds} s; the valid and ` +
        `unknown-type messages behind them applied; a fixed failure replayed twice, applied ${inboxOfFixed} time(s); ` +
        `lost ${figures.lost}, duplicated effects ${figures.duplicatedEffects}`,
      figures,
    );

    // Consumption went on: what followed the poison was applied, unknown types included.
    expect(applied).toEqual(expected);
    expect(deadLetters.length).toBe(expectedDeadLetters);
    expect(mismatches).toEqual([]);
    // The failure on our side: retried, dead-lettered with its cause, and the partition went on.
    expect(failedLetter.map((m) => m.headers.dlq_error)).toEqual([
      expect.stringMatching(/value too long for type character varying\(40\) \(after 5 attempts\)/),
    ]);
    expect(appliedBehind).toHaveLength(1);
    for (const topic of perTopic) expect(topic).toMatchObject({ validApplied: true, poisonInInbox: 0 });
    expect(replayed).toEqual([{ name: 'Université de Technologie de Compiègne, Sorbonne Universités', version: 1 }]);
    expect(inboxOfFixed).toBe(1);
    expect(figures.replay.fixedMessageDeadLetters).toBe(1);
    expect(finalLetters).toHaveLength(4 * partnersPoison + 1);
    expect({ lost: figures.lost, duplicatedEffects: figures.duplicatedEffects }).toEqual({
      lost: 0,
      duplicatedEffects: 0,
    });
  }, 300_000);
});
