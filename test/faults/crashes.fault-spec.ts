import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin } from 'kafkajs';
import { SCHEMA, SERVICES, type ServiceName } from './support/cluster';
import { checkDelivery, expectNothingLostOrDoubled } from './support/checks';
import { recordFigures, seconds } from './support/figures';
import { LoadGenerator, tally } from './support/load';
import { compareReadModelsWithRebuilds } from './support/rebuilds';
import { setUpStage, type Stage } from './support/scenario';
import { seed } from './support/seed';
import { CONSUMERS } from './support/verify';

/**
 * Scenario 2: every service is SIGKILLed 10 times at random moments under load and restarted at
 * once. A SIGKILL runs no shutdown hook: the process is gone between two instructions, which may be
 * between an append and its publication (the outbox has messages), in the middle of a command (a
 * request in flight, its transaction open), or in the middle of consuming (messages not yet applied,
 * or applied but their offsets not committed). Afterwards every read model equals a fresh rebuild
 * from its event store, and nothing is missing or doubled downstream.
 */
const KILLS_PER_SERVICE = 10;

/** What was going on in a service when it was killed. */
interface Kill {
  service: ServiceName;
  /** Its outbox messages appended but not yet published. */
  outboxBacklog: number;
  /** Requests of the load generator it had in hand. */
  requestsInFlight: number;
  /** Messages on its consumers' topics that they had not yet committed. */
  consumerLag: number;
  /** From the kill to the new process being ready. */
  restartMs: number;
}

describe('fault: services killed (SIGKILL) at random moments under load', () => {
  let stage: Stage;
  let admin: Admin;

  beforeAll(async () => {
    stage = await setUpStage('crashes');
    admin = stage.kafka.admin();
    await admin.connect();
  }, 180_000);

  afterAll(async () => {
    await admin?.disconnect();
    await stage?.teardown();
  }, 60_000);

  /** Uncommitted messages of a service's consumer groups (kafka admin, so it works while the service is down). */
  async function consumerLag(service: ServiceName): Promise<number> {
    let lag = 0;
    for (const { name, topics } of CONSUMERS.filter((c) => c.service === service)) {
      const committed = await admin.fetchOffsets({ groupId: `${stage.groupPrefix}.${service}.${name}`, topics });
      for (const topic of topics) {
        for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
          const offsets = committed.find((c) => c.topic === topic)?.partitions ?? [];
          const commit = Number(offsets.find((p) => p.partition === partition)?.offset ?? -1);
          lag += Number(high) - Math.max(commit, 0);
        }
      }
    }
    return lag;
  }

  it('ends with every read model equal to a rebuild, and nothing lost or doubled downstream', async () => {
    const { cluster, db } = stage;
    const started = Date.now();
    const base = await seed(cluster, db);
    const seeded = Date.now();

    // As many commands as the kills take; stopped once the last service is back.
    const load = new LoadGenerator({
      url: (name) => cluster.url(name),
      commands: 1_000_000,
      concurrency: 12,
      ratePerSecond: 60,
      seed: base,
    });
    const running = load.run();

    const chaos = async (service: ServiceName): Promise<Kill[]> => {
      const kills: Kill[] = [];
      for (let i = 0; i < KILLS_PER_SERVICE; i++) {
        await sleep(500 + Math.random() * 2_500);
        const [victim] = cluster.instances(service);
        const [[{ backlog }], lag] = await Promise.all([
          db.query<{ backlog: number }>(
            `SELECT count(*)::int AS backlog FROM ${SCHEMA[service]}.outbox WHERE published_at IS NULL`,
          ),
          consumerLag(service),
        ]);
        const requestsInFlight = load.inFlight[service];
        const killed = Date.now();
        await cluster.crashAndRestart(victim);
        kills.push({
          service,
          outboxBacklog: backlog,
          requestsInFlight,
          consumerLag: lag,
          restartMs: Date.now() - killed,
        });
      }
      return kills;
    };
    const kills = (await Promise.all(SERVICES.map(chaos))).flat();
    // A little more load on the restarted services, then quiet.
    await sleep(3_000);
    load.stop();
    const outcomes = await running;
    const loadEnded = Date.now();
    await cluster.settle(180_000);
    const caughtUp = Date.now();

    const delivery = await checkDelivery(stage, outcomes);
    const rebuilds = await compareReadModelsWithRebuilds(db);
    const rebuilt = Date.now();

    const commands = tally(outcomes);
    const count = (accept: (kill: Kill) => boolean) => kills.filter(accept).length;
    const restarts = kills.map((kill) => kill.restartMs).sort((a, b) => a - b);
    const { stores, topics, inboxes, copies, reactions, ...totals } = delivery;
    const figures = {
      kills: {
        total: kills.length,
        perService: Object.fromEntries(SERVICES.map((name) => [name, count((k) => k.service === name)])),
        // Where the kills landed: each a window in which something was half-done.
        withOutboxBacklog: count((k) => k.outboxBacklog > 0),
        withRequestsInFlight: count((k) => k.requestsInFlight > 0),
        withConsumerLag: count((k) => k.consumerLag > 0),
        restartSecondsMedian: seconds(restarts[Math.floor(restarts.length / 2)]),
        restartSecondsMax: seconds(restarts[restarts.length - 1]),
      },
      commands,
      ...totals,
      readModelsDifferingFromRebuild: Object.values(rebuilds).reduce((sum, r) => sum + r.differing, 0),
      rebuilds,
      timings: {
        seedSeconds: seconds(seeded - started),
        loadSeconds: seconds(loadEnded - seeded),
        catchUpSeconds: seconds(caughtUp - loadEnded),
        rebuildSeconds: seconds(rebuilt - caughtUp),
        totalSeconds: seconds(Date.now() - started),
      },
      killLog: kills,
      stores,
      topics,
      inboxes,
      copies,
      reactions,
    };
    recordFigures(
      'crashes',
      `${kills.length} SIGKILLs (${figures.kills.withOutboxBacklog} with unpublished outbox messages, ` +
        `${figures.kills.withRequestsInFlight} mid-request, ${figures.kills.withConsumerLag} mid-consume), ` +
        `${commands.sent} commands, ${commands.accepted} accepted, ${commands.unanswered} unanswered, ` +
        `${delivery.eventsStored} events stored, ${delivery.publishedDistinct} published distinct ` +
        `(+${delivery.republishedCopies} republished copies), lost ${delivery.lost}, ` +
        `duplicated effects ${delivery.duplicatedEffects}, read-model rows differing from a rebuild ` +
        `${figures.readModelsDifferingFromRebuild}`,
      figures,
    );

    expect(kills).toHaveLength(KILLS_PER_SERVICE * SERVICES.length);
    // The kills did land in the windows that matter, or the scenario proved less than it says.
    expect(figures.kills.withOutboxBacklog).toBeGreaterThan(0);
    expect(figures.kills.withRequestsInFlight).toBeGreaterThan(0);
    expect(figures.kills.withConsumerLag).toBeGreaterThan(0);
    // A crash costs answers (the requests in flight, and the ones sent while it was down), never a 5xx.
    expect(commands.failed).toBe(0);
    for (const [projection, result] of Object.entries(rebuilds)) {
      expect({ projection, differing: result.differing }).toEqual({ projection, differing: 0 });
    }
    expectNothingLostOrDoubled(delivery);
  }, 480_000);
});
