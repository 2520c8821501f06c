import { setTimeout as sleep } from 'node:timers/promises';
import type { Message } from 'kafkajs';
import { SCHEMA, SERVICES } from './support/cluster';
import { checkDelivery } from './support/checks';
import { recordFigures, seconds } from './support/figures';
import { LoadGenerator, tally } from './support/load';
import { consumedCounts, countsSince } from './support/metrics';
import { setUpStage, type Stage } from './support/scenario';
import { seed } from './support/seed';
import { TOPICS, copyOf, produce, readTopics, type TopicMessage } from './support/topics';
import { CONSUMERS, snapshot, snapshotDifference, storeFigures } from './support/verify';

/**
 * Scenario 4: every message on the three topics is delivered a second time, and the second copies
 * arrive out of order (after everything else, newest first in each partition), while the consumer
 * groups rebalance (a second instance of every service joins half-way). Kafka promises at-least-once
 * delivery; a relay republishing after a crash, or a producer retrying, does exactly this. The read
 * models the consumers keep must come out unchanged, row for row, and no consumer may apply a copy.
 *
 * Two consumers are made to apply the copies for real: agreement-service's partner copy and
 * project-service's agreement copy forget everything first (their table and their inbox rows), so
 * each copy reaches their handler as a message never seen, newest first: every older message arrives
 * after newer ones, as a dead letter replayed late does. Their copies must come out as they were.
 */

/** What the consumers write, and what their reactions write (through the stores), before and after. */
const DOWNSTREAM = [
  'agreement.known_partners',
  'project.known_agreements',
  'partner.partner_agreements',
  'partner.partner_projects',
  'partner.partner_activity',
  // Reactions: partners activated, projects flagged or put on hold.
  'partner.partner_directory',
  'project.project_register',
];

/** The consumers that forget what they applied, so that the copies reach their handlers in reverse. */
const FORGETFUL = [
  { name: 'known-partners', table: 'agreement.known_partners', inbox: 'agreement.inbox' },
  { name: 'known-agreements', table: 'project.known_agreements', inbox: 'project.inbox' },
];
const forgetful = (consumer: string) => FORGETFUL.some(({ name }) => consumer === name);

async function downstream(stage: Stage): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of DOWNSTREAM) tables[table] = await snapshot(stage.db, table);
  // Each inbox with when each message was applied: a copy applied again would move nothing else,
  // perhaps, but it could not leave processed_at alone without the inbox recognising it. (The
  // forgetful consumers apply each message again on purpose: for them, that each is recorded.)
  const applied = `consumer, message_id, CASE WHEN consumer LIKE ANY ($1) THEN NULL ELSE processed_at END AS at`;
  const patterns = FORGETFUL.map(({ name }) => `%.${name}`);
  for (const schema of Object.values(SCHEMA)) {
    const rows = await stage.db.query<{ row: string }>(
      `SELECT to_jsonb(t)::text AS row FROM (SELECT ${applied} FROM ${schema}.inbox) t`,
      [patterns],
    );
    tables[`${schema}.inbox`] = rows.map((r) => r.row).sort();
  }
  return tables;
}

/** The copies of a topic's messages as a second delivery, newest first in each partition. */
function reordered(messages: TopicMessage[], topic: string): Message[] {
  return messages
    .filter((m) => m.topic === topic)
    .sort((a, b) => a.partition - b.partition || b.offset - a.offset)
    .map(copyOf);
}

/** The second delivery comes in this many slices, half before the second instances are up, half after. */
const SLICES = 10;

describe('fault: every message delivered twice, out of order, while the consumers rebalance', () => {
  let stage: Stage;

  beforeAll(async () => {
    stage = await setUpStage('duplicates');
  }, 180_000);

  afterAll(async () => {
    await stage?.teardown();
  }, 60_000);

  it('leaves every read model unchanged and applies no copy', async () => {
    const { cluster, db, kafka } = stage;
    const started = Date.now();
    const base = await seed(cluster, db);
    const load = new LoadGenerator({ url: (name) => cluster.url(name), commands: 1_200, concurrency: 16, seed: base });
    const outcomes = await load.run();
    await cluster.settle();
    const loaded = Date.now();

    const before = await downstream(stage);
    const storesBefore = await storeFigures(db);
    const first = cluster.instances();
    const countsBefore = await consumedCounts(first);
    const messages = await readTopics(kafka, TOPICS);
    for (const { name, table, inbox } of FORGETFUL) {
      await db.query(`DELETE FROM ${table}`);
      await db.query(`DELETE FROM ${inbox} WHERE consumer LIKE $1`, [`%.${name}`]);
    }

    // The second delivery, in slices, with a second instance of every service joining its groups
    // half-way: the groups rebalance while copies are still arriving, and partitions move to the new
    // instances (a copy handled but not yet committed when its partition moves comes a third time).
    const slices = TOPICS.map((topic) => {
      const copies = reordered(messages, topic);
      const size = Math.ceil(copies.length / SLICES);
      return Array.from({ length: SLICES }, (_, i) => ({ topic, copies: copies.slice(i * size, (i + 1) * size) }));
    });
    const redeliver = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        await Promise.all(slices.map((topicSlices) => produce(kafka, topicSlices[i].topic, topicSlices[i].copies)));
        await sleep(500);
      }
    };
    const joining = Promise.all(SERVICES.map((name) => cluster.start(name)));
    await redeliver(0, SLICES / 2);
    await joining;
    const joined = Date.now();
    const lagWhenJoined = (await Promise.all(SERVICES.map((name) => cluster.backlog(name)))).reduce(
      (sum, backlog) => sum + backlog.lag,
      0,
    );
    await redeliver(SLICES / 2, SLICES);
    await cluster.settle();
    const settled = Date.now();

    const after = await downstream(stage);
    const storesAfter = await storeFigures(db);
    // Every instance that ran in the second phase, old and new (none was stopped).
    const counts = countsSince(countsBefore, await consumedCounts(cluster.instances()));
    const delivery = await checkDelivery(stage, outcomes);

    const differing = Object.fromEntries(
      DOWNSTREAM.concat(Object.values(SCHEMA).map((s) => `${s}.inbox`)).map((t) => [
        t,
        snapshotDifference(before[t], after[t]),
      ]),
    );
    const copiesPerConsumer = Object.fromEntries(
      CONSUMERS.map(({ name, topics }) => [name, messages.filter((m) => topics.includes(m.topic)).length]),
    );
    const appliedBy = (name: string) =>
      Object.entries(counts)
        .filter(([key]) => key.startsWith(`${name}/`) && key.endsWith('/applied'))
        .reduce((sum, [, n]) => sum + n, 0);
    const appliedAgain = CONSUMERS.filter(({ name }) => !forgetful(name)).reduce(
      (sum, { name }) => sum + appliedBy(name),
      0,
    );
    const appliedInReverse = Object.fromEntries(FORGETFUL.map(({ name }) => [name, appliedBy(name)]));
    const skipped = Object.fromEntries(CONSUMERS.map(({ name }) => [name, counts[`${name}/duplicate`] ?? 0]));
    const figures = {
      commands: tally(outcomes),
      messagesRedelivered: messages.length,
      copiesPerConsumer,
      duplicatesSkippedPerConsumer: skipped,
      appliedAgain,
      appliedInReverse,
      deadLettered: Object.entries(counts)
        .filter(([key]) => key.endsWith('/dead_lettered'))
        .reduce((sum, [, n]) => sum + n, 0),
      instancesJoined: SERVICES.length,
      lagWhenSecondInstancesWereReady: lagWhenJoined,
      rowsCompared: Object.values(before).reduce((sum, rows) => sum + rows.length, 0),
      rowsDiffering: Object.values(differing).reduce((sum, n) => sum + n, 0),
      eventsAppendedByRedelivery: SERVICES.reduce((sum, s) => sum + storesAfter[s].events - storesBefore[s].events, 0),
      differing,
      consumed: counts,
      lost: delivery.lost,
      duplicatedEffects: delivery.duplicatedEffects + appliedAgain,
      timings: {
        loadSeconds: seconds(loaded - started),
        redeliverySeconds: seconds(settled - loaded),
        secondInstancesReadyAfterSeconds: seconds(joined - loaded),
        totalSeconds: seconds(Date.now() - started),
      },
    };
    recordFigures(
      'duplicates',
      `${messages.length} messages delivered twice (newest first, in ${SLICES} slices; ${SERVICES.length} ` +
        `instances joined after the first ${SLICES / 2}, lag ${lagWhenJoined} when they were ready); copies skipped ${Object.values(skipped).join('/')}, ` +
        `applied again ${appliedAgain}; applied newest first by the forgetful copies ${Object.values(appliedInReverse).join('/')}; ` +
        `${figures.rowsCompared} read-model and inbox rows compared, ` +
        `${figures.rowsDiffering} differ; events appended ${figures.eventsAppendedByRedelivery}`,
      figures,
    );

    // No copy was applied by a consumer that had applied it: each was recognised as a duplicate...
    expect(appliedAgain).toBe(0);
    expect(figures.deadLettered).toBe(0);
    for (const { name } of CONSUMERS.filter(({ name }) => !forgetful(name))) {
      expect(skipped[name]).toBeGreaterThanOrEqual(copiesPerConsumer[name]);
    }
    // ...the forgetful ones applied every copy once, each older message after newer ones...
    for (const { name } of FORGETFUL) expect(appliedInReverse[name]).toBe(copiesPerConsumer[name]);
    // ...and nothing changed: read models (the forgetful copies too), inboxes and stores (no reaction
    // changed anything: the ended agreements' projects were flagged already).
    expect(differing).toEqual(Object.fromEntries(Object.keys(differing).map((t) => [t, 0])));
    expect(storesAfter).toEqual(storesBefore);
    // And the state before the copies was complete and correct.
    expect({ lost: delivery.lost, duplicatedEffects: delivery.duplicatedEffects }).toEqual({
      lost: 0,
      duplicatedEffects: 0,
    });
    expect(delivery.copiesDiffering).toBe(0);
  }, 420_000);
});
