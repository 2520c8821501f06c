import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { createTestDatabase, type TestDatabase } from './support/database';
import { bearer } from './support/auth';
import { eventually, onceKnown } from './support/eventually';
import { freePort, launchService, ready, type ServiceProcess } from './support/processes';

/**
 * The University of Tokyo case, end to end, with the three services as separate processes on real
 * Kafka and Postgres, and an outside service's plain kafkajs consumer watching the topics. Two of
 * the services are restarted half-way: what happened while they were down reaches them afterwards.
 */
type Name = 'partner-service' | 'agreement-service' | 'project-service';
const NAMES: Name[] = ['partner-service', 'agreement-service', 'project-service'];
const run = randomUUID().slice(0, 8);

describe('the University of Tokyo journey across three processes', () => {
  const dbs = {} as Record<Name, TestDatabase>;
  const ports = {} as Record<Name, number>;
  const services = {} as Record<Name, ServiceProcess>;
  const seen: KafkaMessage[] = [];
  let outside: Consumer;

  const start = async (name: Name) => {
    services[name] = launchService(name, ports[name], {
      DATABASE_URL: dbs[name].url,
      KAFKA_GROUP_PREFIX: `journey-${run}`,
    });
    if (!(await ready(ports[name]))) throw new Error(`${name} did not become ready:\n${services[name].output()}`);
  };
  // Two people do the work: Ada manages the alliance, Lee (legal) approves and signs for the company.
  const ada = bearer(['alliance_manager'], { subject: 'ada' });
  const lee = bearer(['legal'], { subject: 'lee' });
  const call = async (name: Name, method: string, path: string, body?: object, user = ada) => {
    const response = await fetch(`http://127.0.0.1:${ports[name]}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-correlation-id': `journey-${run}`, ...user },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const ok = async (name: Name, method: string, path: string, body?: object, user = ada) => {
    const result = await call(name, method, path, body, user);
    if (result.status >= 300) throw new Error(`${method} ${path}: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  };
  /** Polls a read model until it shows what is expected (bounded: services catch up through Kafka). */
  const until = (name: Name, path: string, accept: (body: Record<string, unknown>) => boolean) =>
    eventually(async () => (await call(name, 'GET', path)).body, accept, 30_000);
  const typesFor = (key: string) =>
    seen.filter((m) => m.key?.toString() === key).map((m) => m.headers?.ce_type?.toString());

  beforeAll(async () => {
    for (const name of NAMES) {
      dbs[name] = await createTestDatabase(`journey_${name.split('-')[0]}`);
      ports[name] = await freePort();
    }
    await Promise.all(NAMES.map(start));
    // An outside service, as another team would write it: plain kafkajs, its own group.
    outside = new Kafka({
      clientId: `outside-${run}`,
      brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
      logLevel: logLevel.NOTHING,
    }).consumer({ groupId: `outside-${run}`, maxWaitTimeInMs: 100 });
    await outside.connect();
    await outside.subscribe({
      topics: ['accord.partners', 'accord.agreements', 'accord.projects'],
      fromBeginning: true,
    });
    await outside.run({
      eachMessage: ({ message }) => {
        seen.push(message);
        return Promise.resolve();
      },
    });
  }, 120_000);

  afterAll(async () => {
    await outside?.disconnect();
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await Promise.all(Object.values(dbs).map((db) => db.drop()));
  }, 60_000);

  it('registers the university, signs the alliance, runs a project to Develop with a patent filed, and loses nothing across restarts', async () => {
    // 1. The alliance manager registers the University of Tokyo.
    const utokyo = (
      await ok('partner-service', 'POST', '/partners', {
        name: `University of Tokyo (${run})`,
        type: 'university',
        country: 'JP',
        website: 'https://www.u-tokyo.ac.jp',
        technologyAreas: ['ai', 'brain-morphic-ai', 'ai-ethics'],
        tier: 'strategic',
      })
    ).id as string;

    // 2. The comprehensive alliance: drafted once the agreement service has heard of the partner.
    const draft = {
      type: 'comprehensive_alliance',
      title: 'Strategic Partnership for Future AI Research and Education',
      purpose: 'Brain-morphic AI, AI ethics and law, scholarships and internships',
      partyIds: [utokyo],
      ownerId: 'alliance-ai-strategy',
      technologyAreas: ['ai', 'brain-morphic-ai'],
      effectiveDate: '2016-09-05',
      expiryDate: '2031-09-04',
      // Typed in today from the 2016 file: every act with the day it happened.
      draftedOn: '2016-05-10',
    };
    const drafted = await onceKnown(() => call('agreement-service', 'POST', '/agreements', draft));
    expect(drafted.status).toBe(201);
    const alliance = drafted.body.id as string;
    await ok('agreement-service', 'POST', `/agreements/${alliance}/start-negotiation`, { startedOn: '2016-06-27' });
    await ok('agreement-service', 'POST', `/agreements/${alliance}/submit-for-review`, { submittedOn: '2016-08-08' });
    expect((await call('agreement-service', 'POST', `/agreements/${alliance}/approve`)).status).toBe(403);
    // Logged today, with the days they happened: approved in August 2016, signed on 5 September.
    await ok('agreement-service', 'POST', `/agreements/${alliance}/approve`, { approvedOn: '2016-08-29' }, lee);

    // 3. The partner service goes down just before the signatures, and comes back after them.
    expect(await services['partner-service'].stop()).toBe(0);
    const signedAt = new Date().toISOString();
    await ok(
      'agreement-service',
      'POST',
      `/agreements/${alliance}/sign`,
      { partyId: 'company', signedOn: '2016-09-05' },
      lee,
    );
    await ok('agreement-service', 'POST', `/agreements/${alliance}/sign`, { partyId: utokyo, signedOn: '2016-09-05' });
    const executed = await until('agreement-service', `/agreements/${alliance}`, (a) => a.status === 'active');
    expect(executed).toMatchObject({ executedOn: '2016-09-05', activatedOn: '2016-09-05' });
    // Business time: in force in 2024. Recorded time: before the signatures were logged, only approved.
    const in2024 = await call('agreement-service', 'GET', `/agreements/${alliance}?validOn=2024-06-01`);
    expect(in2024.body).toMatchObject({ status: 'active' });
    const recorded = await call('agreement-service', 'GET', `/agreements/${alliance}?asOf=${signedAt}`);
    expect(recorded.body).toMatchObject({ status: 'approved' });
    await start('partner-service');
    // The status and the activity counts are two read models fed by two consumers: wait for both.
    const partner = await until(
      'partner-service',
      `/partners/${utokyo}`,
      (p) => p.status === 'active' && (p.activity as { agreements?: { total?: number } })?.agreements?.total === 1,
    );
    expect(partner).toMatchObject({
      status: 'active',
      // Active since the partnership was established, not since the day it was logged.
      statusSince: '2016-09-05',
      activity: { agreements: { total: 1, byStatus: { active: 1 } } },
    });

    // 4. The project service goes down; the alliance is amended meanwhile; it comes back.
    expect(await services['project-service'].stop()).toBe(0);
    await ok('agreement-service', 'POST', `/agreements/${alliance}/amend`, {
      summary: 'Add AI law to the research themes',
      changes: { technologyAreas: ['ai', 'brain-morphic-ai', 'ai-law'] },
      effectiveOn: '2017-04-01',
    });
    await start('project-service');

    // 5. The brain-morphic AI project, proposed once the project service knows the signed alliance.
    const proposal = {
      title: 'Brain-morphic AI processor',
      agreementIds: [alliance],
      leadPartnerIds: [utokyo],
      technologyAreas: ['brain-morphic-ai'],
      budget: { amount: 300_000_000, currency: 'JPY' },
      proposedOn: '2017-01-16',
    };
    const proposed = await onceKnown(() => call('project-service', 'POST', '/projects', proposal));
    expect(proposed.status).toBe(201);
    const project = proposed.body.id as string;
    const gate = { decision: 'go', gatekeepers: ['innovation-board'], criteria: { strategicFit: 5, feasibility: 4 } };
    await ok('project-service', 'POST', `/projects/${project}/gate-reviews`, { ...gate, decidedOn: '2017-09-29' });
    await ok('project-service', 'POST', `/projects/${project}/gate-reviews`, { ...gate, decidedOn: '2018-03-30' });
    await ok('project-service', 'POST', `/projects/${project}/outcomes`, {
      kind: 'patent_filed',
      title: 'Spiking neural circuit with on-chip learning',
      occurredOn: '2018-09-03',
      patent: { jurisdiction: 'JP', applicationNumber: `2018-${run}` },
    });

    // 6. Every read model is complete.
    expect(await ok('project-service', 'GET', `/projects/${project}`)).toMatchObject({
      stage: 'develop',
      status: 'active',
      outcomes: [{ kind: 'patent_filed', patent: { jurisdiction: 'JP' } }],
    });
    expect(await ok('agreement-service', 'GET', `/agreements/${alliance}`)).toMatchObject({
      status: 'active',
      fullyExecuted: true,
      amendments: [{ amendment: 1 }],
      technologyAreas: ['ai', 'brain-morphic-ai', 'ai-law'],
    });
    // Business time across the services: the project in ideate at the end of 2017, and the partner's
    // last activity the 2018 patent filing, all logged today.
    expect(await ok('project-service', 'GET', `/projects/${project}?validOn=2017-12-31`)).toMatchObject({
      stage: 'ideate',
    });
    await until('partner-service', `/partners/${utokyo}`, (p) => JSON.stringify(p.activity).includes('"develop":1'));
    await until(
      'partner-service',
      `/partners/${utokyo}`,
      (p) => (p.activity as { lastActivityAt?: string } | null)?.lastActivityAt === '2018-09-03T00:00:00.000Z',
    );
    const list = await ok('agreement-service', 'GET', `/agreements?partnerId=${utokyo}`);
    expect((list.items as { id: string }[]).map((a) => a.id)).toEqual([alliance]);

    // 7. And the outside service saw every step, once, in order per aggregate.
    await eventually(
      () => Promise.resolve(typesFor(project)),
      (types) => types.includes('accord.project.patent-filed.v1'),
      30_000,
    );
    expect(typesFor(utokyo)).toEqual(['accord.partner.registered.v1', 'accord.partner.activated.v1']);
    expect(typesFor(alliance)).toEqual([
      'accord.agreement.drafted.v1',
      'accord.agreement.negotiation-started.v1',
      'accord.agreement.submitted-for-review.v1',
      'accord.agreement.approved.v1',
      'accord.agreement.signed-by-party.v1',
      'accord.agreement.signed-by-party.v1',
      'accord.partnership.established.v1',
      'accord.agreement.activated.v1',
      'accord.agreement.amended.v1',
    ]);
    expect(typesFor(project)).toEqual([
      'accord.project.proposed.v1',
      'accord.project.gate-decision-recorded.v1',
      'accord.project.stage-advanced.v1',
      'accord.project.gate-decision-recorded.v1',
      'accord.project.stage-advanced.v1',
      'accord.project.patent-filed.v1',
    ]);
    const ours = seen.filter((m) => [utokyo, alliance, project].includes(m.key?.toString() ?? ''));
    const ids = ours.map((m) => m.headers?.ce_id?.toString());
    expect(ids).toHaveLength(17);
    expect(new Set(ids).size).toBe(ids.length);

    // 8. The audit trail: who did each step, from the token, in the history and in every message.
    const history = (await call('agreement-service', 'GET', `/agreements/${alliance}/history`)).body as unknown as {
      type: string;
      actor: string;
    }[];
    expect(history.slice(0, 6).map(({ type, actor }) => `${type} by ${actor}`)).toEqual([
      'AgreementDrafted by user:ada',
      'AgreementNegotiationStarted by user:ada',
      'AgreementSubmittedForReview by user:ada',
      'AgreementApproved by user:lee',
      'AgreementSignedByParty by user:lee',
      'AgreementSignedByParty by user:ada',
    ]);
    const actors = (key: string) =>
      seen.filter((m) => m.key?.toString() === key).map((m) => m.headers?.actor?.toString());
    expect(actors(alliance).slice(0, 6)).toEqual([
      'user:ada',
      'user:ada',
      'user:ada',
      'user:lee',
      'user:lee',
      'user:ada',
    ]);
    expect(actors(project)).toEqual(Array(6).fill('user:ada'));
  }, 240_000);
});
