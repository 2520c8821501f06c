import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { bearer } from './support/auth';
import { Cluster, type Answer, type Instance, type ServiceName } from './support/cluster';
import { createTestDatabase, type TestDatabase } from './support/database';
import { eventually, onceKnown } from './support/eventually';
import { kafka, startAtTheEnd } from './support/kafka';
import { scrape } from './support/metrics';

/**
 * Two instances of each service, as processes on one database and one Kafka, under a load spread
 * over both; then, in the middle of the load, the instance of each service whose outbox relay
 * publishes is killed (SIGKILL). Afterwards nothing is lost and nothing happened twice:
 *
 * - every partnership went through: partners active, agreements active with their obligations
 *   marked overdue by the scheduler (which runs on both instances), projects proposed;
 * - each effect happened once: one activation per partner (a reaction to Kafka), one overdue mark
 *   per obligation, two obligations per agreement although both were added at the same moment
 *   through different instances (optimistic concurrency);
 * - every outbox message was published (the survivor's relay took the lock over), reached Kafka,
 *   and is in each consuming service's inbox, once (a republished message may be on the topic twice:
 *   the inbox makes it once in effect).
 */
const SERVICES: ServiceName[] = ['partner-service', 'agreement-service', 'project-service'];
/** Partnerships before the kill, and as many during and after it. */
const PER_PHASE = 8;
const run = randomUUID().slice(0, 8);
const prefix = `scale-${run}`;
const ada = bearer(['alliance_manager'], { subject: 'ada' });
const lee = bearer(['legal'], { subject: 'lee' });

describe('two instances of each service, one of each killed under load', () => {
  let db: TestDatabase;
  let cluster: Cluster;

  const call = (name: ServiceName, method: string, path: string, body?: object, user = ada, k?: number) =>
    cluster.call(cluster.pick(name, k), method, path, user, body);
  const ok = async (name: ServiceName, method: string, path: string, body?: object, user = ada, k?: number) => {
    const answer = await call(name, method, path, body, user, k);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  /** A write that depends on what another service has consumed: retried while it is not there yet. */
  const once = async (name: ServiceName, path: string, body: object): Promise<string> => {
    const answer = await onceKnown<Answer>(() => call(name, 'POST', path, body), 90_000);
    if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.id as string;
  };

  /** One partnership: a partner, an agreement signed by both sides with two obligations, a project. */
  async function partnership(i: number): Promise<void> {
    const partnerId = (
      await ok('partner-service', 'POST', '/partners', {
        name: `Scale-out University ${run} ${i}`,
        type: 'university',
        country: 'JP',
        technologyAreas: ['ai'],
        tier: 'key',
      })
    ).id as string;
    const agreementId = await once('agreement-service', '/agreements', {
      type: 'joint_research',
      title: `Joint research ${i}`,
      partyIds: [partnerId],
      ownerId: 'alliance-scale',
      technologyAreas: ['ai'],
      effectiveDate: '2024-01-01',
      expiryDate: '2030-12-31',
    });
    const agreement = `/agreements/${agreementId}`;
    await ok('agreement-service', 'POST', `${agreement}/start-negotiation`);
    await ok('agreement-service', 'POST', `${agreement}/submit-for-review`);
    await ok('agreement-service', 'POST', `${agreement}/approve`, undefined, lee);
    await ok('agreement-service', 'POST', `${agreement}/sign`, { partyId: 'company' }, lee);
    await ok('agreement-service', 'POST', `${agreement}/sign`, { partyId: partnerId });
    // Two people add an obligation at the same moment, each through another instance.
    await Promise.all(
      ['report', 'payment'].map((kind, k) =>
        ok(
          'agreement-service',
          'POST',
          `${agreement}/obligations`,
          { kind, description: `${kind} ${i}`, dueDate: '2025-01-31' },
          ada,
          k,
        ),
      ),
    );
    await once('project-service', '/projects', {
      title: `Project ${i}`,
      agreementIds: [agreementId],
      leadPartnerIds: [partnerId],
      technologyAreas: ['ai'],
      budget: { amount: 1_000_000, currency: 'JPY' },
    });
  }

  /** `count` partnerships, four at a time. */
  async function load(from: number, count: number): Promise<void> {
    let next = from;
    const worker = async () => {
      while (next < from + count) await partnership(next++);
    };
    await Promise.all(Array.from({ length: 4 }, worker));
  }

  const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params))[0].n;

  beforeAll(async () => {
    await startAtTheEnd({
      [`${prefix}.partner-service.partner-activity`]: ['accord.agreements', 'accord.projects'],
      [`${prefix}.agreement-service.known-partners`]: ['accord.partners'],
      [`${prefix}.project-service.known-agreements`]: ['accord.agreements'],
    });
    db = await createTestDatabase('scale_out');
    cluster = new Cluster({ DATABASE_URL: db.url, KAFKA_GROUP_PREFIX: prefix, SCHEDULER_INTERVAL_MS: '1000' });
    await cluster.start(SERVICES, 2);
  }, 120_000);

  it('starts two instances of a service on a new database without a race over its migrations', () => {
    for (const instance of cluster.instances) {
      expect(instance.process.output()).not.toMatch(/Unable to connect to the database|duplicate key value/);
    }
  });

  afterAll(async () => {
    await cluster?.stop();
    await db?.drop();
  }, 60_000);

  it('loses nothing and does nothing twice', async () => {
    await load(0, PER_PHASE);

    // The second half of the load starts; the relay leader of each service is killed in its midst.
    const second = load(PER_PHASE, PER_PHASE);
    await sleep(500);
    const killed: Instance[] = [];
    for (const name of SERVICES) {
      const leader = await cluster.relayLeader(name);
      if (!leader) throw new Error(`no relay of ${name} holds the lock`);
      killed.push(leader);
    }
    await Promise.all(killed.map((instance) => cluster.kill(instance)));
    await second;

    // Each survivor's relay takes over and publishes everything.
    for (const name of SERVICES) {
      const [survivor] = cluster.serving(name);
      await eventually(
        () => scrape(survivor.port),
        (m) => m.value('accord_outbox_relay_leader') === 1 && m.value('accord_outbox_backlog') === 0,
        30_000,
      );
    }
    const partnerships = 2 * PER_PHASE;
    // Every consuming service applied every message it consumes, once (the inbox's key is the
    // message id); the consumers of the killed instances' partitions moved to the survivors.
    const missing = (consumer: string, inbox: string, outboxes: string[]) =>
      count(
        `SELECT count(*)::int AS n FROM (${outboxes.map((o) => `SELECT message_id FROM ${o}.outbox`).join(' UNION ALL ')}) o
          WHERE NOT EXISTS (SELECT 1 FROM ${inbox}.inbox i WHERE i.consumer = $1 AND i.message_id = o.message_id::text)`,
        [`${prefix}.${consumer}`],
      );
    await eventually(
      async () => [
        await missing('agreement-service.known-partners', 'agreement', ['partner']),
        await missing('project-service.known-agreements', 'project', ['agreement']),
        await missing('partner-service.partner-activity', 'partner', ['agreement', 'project']),
      ],
      (left) => left.every((n) => n === 0),
      60_000,
    );
    // The effects, each once.
    const perStream = async (schema: string, type: string) =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*) FILTER (WHERE event_type = $1)::int AS n FROM ${schema}.events GROUP BY stream_id`,
          [type],
        )
      ).map((row) => row.n);
    expect(await perStream('partner', 'PartnerRegistered')).toEqual(Array(partnerships).fill(1));
    await eventually(
      () => perStream('partner', 'PartnerActivated'),
      (n) => n.length === partnerships && n.every((x) => x === 1),
      30_000,
    );
    expect(await perStream('agreement', 'AgreementActivated')).toEqual(Array(partnerships).fill(1));
    expect(await perStream('agreement', 'ObligationAdded')).toEqual(Array(partnerships).fill(2));
    await eventually(
      () => perStream('agreement', 'ObligationOverdue'),
      (n) => n.every((x) => x === 2),
      30_000,
    );
    expect(await perStream('project', 'ProjectProposed')).toEqual(Array(partnerships).fill(1));

    // The read models agree: in each service, and in the services that keep copies of the others'.
    expect(await count(`SELECT count(*)::int AS n FROM partner.partner_directory WHERE status = 'active'`)).toBe(
      partnerships,
    );
    expect(await count(`SELECT count(*)::int AS n FROM agreement.agreement_register WHERE status = 'active'`)).toBe(
      partnerships,
    );
    expect(await count(`SELECT count(*)::int AS n FROM agreement.agreement_obligations WHERE status = 'overdue'`)).toBe(
      2 * partnerships,
    );
    expect(
      await count(
        `SELECT count(*)::int AS n FROM agreement.known_partners WHERE partner_id IN (SELECT partner_id FROM partner.partner_directory)`,
      ),
    ).toBe(partnerships);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM project.known_agreements
          WHERE status = 'active' AND agreement_id IN (SELECT agreement_id FROM agreement.agreement_register)`,
      ),
    ).toBe(partnerships);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM partner.partner_agreements
          WHERE status = 'active' AND agreement_id IN (SELECT agreement_id FROM agreement.agreement_register)`,
      ),
    ).toBe(partnerships);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM partner.partner_projects
          WHERE project_id IN (SELECT project_id FROM project.project_register)`,
      ),
    ).toBe(partnerships);

    // And Kafka has every message published: each outbox message id is on its topic.
    const published = await db.query<{ id: string; topic: string }>(
      `SELECT message_id::text AS id, topic FROM partner.outbox UNION ALL SELECT message_id::text, topic FROM agreement.outbox
       UNION ALL SELECT message_id::text, topic FROM project.outbox`,
    );
    const onKafka = await readIds(new Set(published.map((m) => m.id)));
    expect(published.filter((m) => !onKafka.has(m.id))).toEqual([]);
  }, 240_000);
});

/** Reads the three topics from the beginning until every one of `wanted` was seen. */
async function readIds(wanted: Set<string>): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const consumer = kafka(`scale-reader-${run}`).consumer({ groupId: `scale-reader-${run}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({
      topics: ['accord.partners', 'accord.agreements', 'accord.projects'],
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: ({ message }) => {
        const id = message.headers?.ce_id?.toString();
        if (id && wanted.has(id)) seen.set(id, (seen.get(id) ?? 0) + 1);
        return Promise.resolve();
      },
    });
    await eventually(
      () => Promise.resolve(seen.size),
      (n) => n === wanted.size,
      30_000,
    ).catch(() => undefined);
    return seen;
  } finally {
    await consumer.disconnect();
  }
}
