import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICES, type ServiceName } from './support/cluster';
import { recordFigures, seconds } from './support/figures';
import { LoadGenerator, tally } from './support/load';
import { setUpStage, type Stage } from './support/scenario';
import { seed } from './support/seed';
import { checkDelivery, expectNothingLostOrDoubled } from './support/checks';

/**
 * Scenario 1: Kafka crashes (SIGKILL: no flush, no goodbye to its clients) in the middle of 5,000
 * commands across the three services, stays away for 30 seconds, and comes back. Writes need only Postgres (the outbox is in the append's transaction),
 * so they go on; readiness says Kafka is missing; once the broker is back, the relays publish the
 * backlog and the consumers catch up. Then every accepted command is in its store, every stored
 * event is on its topic, every consumer has applied every message once, and the services' copies
 * of each other's data agree with the stores they came from.
 */
const COMMANDS = 5_000;
const OUTAGE_MS = 30_000;

interface Readiness {
  status: number;
  detail?: string;
  afterMs: number;
}

/** Polls GET /health/ready until it stops answering 200: what an orchestrator's probe sees. */
async function readinessDuringOutage(url: string | undefined): Promise<Readiness> {
  const started = Date.now();
  for (;;) {
    const response = await fetch(`${url}/health/ready`);
    const body = (await response.json()) as { detail?: string };
    if (response.status !== 200 || Date.now() - started > 20_000) {
      return { status: response.status, detail: body.detail, afterMs: Date.now() - started };
    }
    await sleep(250);
  }
}

describe('fault: a 30-second Kafka outage under load', () => {
  let stage: Stage;

  beforeAll(async () => {
    stage = await setUpStage('outage');
  }, 180_000);

  afterAll(async () => {
    await stage?.teardown();
  }, 60_000);

  it('keeps accepting writes, reports the outage, and afterwards has lost and doubled nothing', async () => {
    const { cluster, db, broker } = stage;
    const started = Date.now();
    const base = await seed(cluster, db);
    const seeded = Date.now();

    // About 90 commands a second, so that the load spans the outage: a few seconds before it, most
    // of it while the broker is away, the rest while it comes back.
    const load = new LoadGenerator({
      url: (name) => cluster.url(name),
      commands: COMMANDS,
      concurrency: 16,
      ratePerSecond: 90,
      seed: base,
    });
    const running = load.run();
    await sleep(8_000);

    const outageStarted = load.now();
    await broker.kill();
    const readiness = Object.fromEntries(
      await Promise.all(SERVICES.map(async (name) => [name, await readinessDuringOutage(cluster.url(name))] as const)),
    ) as Record<ServiceName, Readiness>;
    await sleep(OUTAGE_MS - (load.now() - outageStarted));
    const restarting = load.now();
    // Unreachable until it answers again: the 30 s stopped, plus its start-up.
    await broker.up();
    const outageEnded = load.now();

    const outcomes = await running;
    const loadEnded = Date.now();
    // Readiness comes back by itself, and the backlog drains.
    await Promise.all(cluster.instances().map((instance) => cluster.waitReady(instance)));
    await cluster.settle(180_000);
    const caughtUp = Date.now();

    const delivery = await checkDelivery(stage, outcomes);
    const commands = tally(outcomes);
    const during = outcomes.filter((o) => o.at >= outageStarted && o.at < outageEnded);
    const duringOutage = tally(during);
    const acceptedDuringOutage = Object.fromEntries(
      SERVICES.map((name) => [name, tally(during.filter((o) => o.service === name)).accepted]),
    ) as Record<ServiceName, number>;
    const { stores, topics, inboxes, copies, reactions, ...totals } = delivery;
    const figures = {
      commands,
      duringOutage: { ...duringOutage, acceptedByService: acceptedDuringOutage },
      readinessDuringOutage: readiness,
      ...totals,
      timings: {
        seedSeconds: seconds(seeded - started),
        brokerStoppedSeconds: seconds(restarting - outageStarted),
        outageSeconds: seconds(outageEnded - outageStarted),
        loadSeconds: seconds(loadEnded - seeded),
        catchUpSeconds: seconds(caughtUp - loadEnded),
        totalSeconds: seconds(Date.now() - started),
      },
      stores,
      topics,
      inboxes,
      copies,
      reactions,
    };
    recordFigures(
      'kafka-outage',
      `${commands.sent} commands, ${commands.accepted} accepted (${duringOutage.accepted} while Kafka was unreachable ` +
        `for ${figures.timings.outageSeconds} s), ${delivery.eventsStored} events stored, ` +
        `${delivery.publishedDistinct} published distinct, lost ${delivery.lost}, ` +
        `duplicated effects ${delivery.duplicatedEffects}, caught up in ${figures.timings.catchUpSeconds} s`,
      figures,
    );

    expect(commands.sent).toBe(COMMANDS);
    // Writes need no Kafka: every service kept accepting them while the broker was away, and no
    // command failed or went unanswered, then or ever.
    for (const name of SERVICES) expect(acceptedDuringOutage[name]).toBeGreaterThan(0);
    expect(duringOutage.failed + duringOutage.unanswered).toBe(0);
    expect(commands.failed + commands.unanswered).toBe(0);
    // Readiness named Kafka as the only unreachable part. A consumer that crashed on the lost broker
    // and waits out its restart backoff is named too: that is true, and it is no other fault.
    for (const name of SERVICES) {
      expect(readiness[name]).toMatchObject({ status: 503 });
      expect(readiness[name]?.detail).toMatch(/^unreachable: kafka(; consumers down: [a-z-]+(, [a-z-]+)*)?$/);
    }
    expectNothingLostOrDoubled(delivery);
  }, 420_000);
});
