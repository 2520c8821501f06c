import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { AgreementServiceModule } from '../../agreement-service/src/app.module';
import { agreementService } from '../../agreement-service/src/service';
import { PartnerServiceModule } from '../../partner-service/src/app.module';
import { partnerService } from '../../partner-service/src/service';
import { ProjectServiceModule } from '../../project-service/src/app.module';
import { projectService } from '../../project-service/src/service';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { eventually, onceKnown } from '../../../test/support/eventually';
import { bootService } from '../../../test/support/service';
import { api } from '../../../test/support/auth';
import { DashboardModule } from '../src/app.module';
import { QUESTION_VIEWS } from '../src/migrations/1765100000000-create-question-views';
import { dashboardService } from '../src/service';

/**
 * The questions alliance managers ask, each answered by one dashboard call that reads one reporting
 * view: for each, the route's answer with its filters, and the same rows read from the view with SQL,
 * as a BI tool would. The portfolio is logged after the fact, with the business dates of its acts.
 */
const DAY_MS = 86_400_000;
/** Today's date `offset` days away, as the database's current_date (UTC) counts them. */
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

type Item = Record<string, unknown>;

describe('the questions alliance managers ask, one call each', () => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];
  let partners: INestApplication;
  let agreements: INestApplication;
  let projects: INestApplication;
  let dashboard: INestApplication;
  const password = `reporting-${randomUUID()}`;
  const ids: Record<string, string> = {};
  const ask = async (path: string) => (await api(dashboard, ['viewer']).get(path).expect(200)).body as Item;
  const items = async (path: string) => (await ask(path)).items as Item[];

  beforeAll(async () => {
    db = await createTestDatabase('questions');
    const env = { DATABASE_URL: db.url };
    partners = await bootService(partnerService, PartnerServiceModule, env);
    agreements = await bootService(agreementService, AgreementServiceModule, env);
    projects = await bootService(projectService, ProjectServiceModule, env);
    dashboard = await bootService(dashboardService, DashboardModule, { ...env, REPORTING_DB_PASSWORD: password });
    apps.push(partners, agreements, projects, dashboard);

    const register = async (key: string, body: object) => {
      ids[key] = (await api(partners).post('/partners').send(body).expect(201)).body.id as string;
    };
    await register('utokyo', {
      name: 'University of Tokyo',
      type: 'university',
      country: 'JP',
      technologyAreas: ['ai', 'Brain-morphic AI'],
    });
    await register('fraunhofer', {
      name: 'Fraunhofer IOSB',
      type: 'research_institute',
      country: 'DE',
      technologyAreas: ['ai', 'secure-computation'],
    });
    await register('nict', {
      name: 'NICT',
      type: 'research_institute',
      country: 'JP',
      technologyAreas: ['quantum-cryptography'],
    });
    // Registered, never worked with: the dormant candidate with no activity at all.
    await register('kabuku', { name: 'Kabuku Inc.', type: 'startup', country: 'JP', technologyAreas: ['ai'] });

    // Signed paper agreements, logged in one request each with their dates (the legal role signs).
    const agreement = async (
      key: string,
      partner: string,
      terms: {
        title: string;
        effectiveDate: string;
        expiryDate: string;
        noticePeriodDays: number;
        autoRenew?: boolean;
      },
    ) => {
      const signedOn = terms.effectiveDate;
      const answer = await onceKnown(() =>
        api(agreements)
          .post('/agreements')
          .send({
            type: 'joint_research',
            partyIds: [ids[partner]],
            ownerId: `owner-${key}`,
            draftedOn: '2015-06-01',
            ...terms,
            execution: {
              approvedOn: signedOn,
              signatures: [
                { partyId: 'company', signedOn },
                { partyId: ids[partner], signedOn },
              ],
            },
          }),
      );
      expect(answer.status).toBe(201);
      ids[key] = answer.body.id as string;
    };
    await agreement('a1', 'utokyo', {
      title: 'Brain-morphic AI alliance',
      effectiveDate: '2016-09-05',
      expiryDate: day(45),
      noticePeriodDays: 30,
    });
    await agreement('a2', 'fraunhofer', {
      title: 'Secure computation testbed',
      effectiveDate: '2022-01-10',
      expiryDate: day(20),
      noticePeriodDays: 60,
    });
    await agreement('a3', 'nict', {
      title: 'Quantum cryptography joint R&D',
      effectiveDate: '2020-02-03',
      expiryDate: day(80),
      noticePeriodDays: 90,
      autoRenew: true,
    });
    await agreement('a4', 'utokyo', {
      title: 'Doctoral scholarships',
      effectiveDate: '2023-01-10',
      expiryDate: day(400),
      noticePeriodDays: 90,
    });
    await agreement('a5', 'fraunhofer', {
      title: 'Inter-AI negotiation testbed',
      effectiveDate: '2023-01-10',
      expiryDate: day(700),
      noticePeriodDays: 90,
    });

    // Projects logged at their current stage with their past gate decisions.
    const gate = (decision: string, decidedOn: string) => ({
      decision,
      decidedOn,
      gatekeepers: ['cto-office'],
      criteria: { strategicFit: 4 },
    });
    const project = async (
      key: string,
      agreementKey: string,
      partner: string,
      title: string,
      proposedOn: string,
      gateDecisions: object[],
    ) => {
      const answer = await onceKnown(() =>
        api(projects)
          .post('/projects')
          .send({
            title,
            agreementIds: [ids[agreementKey]],
            leadPartnerIds: [ids[partner]],
            technologyAreas: ['ai'],
            budget: { amount: 1_000_000, currency: 'JPY' },
            proposedOn,
            gateDecisions,
          }),
      );
      expect(answer.status).toBe(201);
      ids[key] = answer.body.id as string;
    };
    await project('p1', 'a1', 'utokyo', 'Brain-morphic processor', '2023-01-10', [
      gate('go', '2023-06-01'),
      gate('go', '2024-03-01'),
    ]);
    await project('p2', 'a2', 'fraunhofer', 'MPC genome pilot', '2023-05-01', [
      gate('recycle', '2024-02-01'),
      gate('go', '2024-04-01'),
    ]);
    await project('p3', 'a3', 'nict', 'Quantum key vault', '2024-01-15', [gate('hold', '2024-06-01')]);
    await project('p4', 'a4', 'utokyo', 'Shelved idea', '2024-02-01', [gate('kill', '2024-07-01')]);
    await project('p5', 'a5', 'fraunhofer', 'Negotiation agents', '2024-03-01', []);

    const outcome = async (projectKey: string, body: object) =>
      api(projects).post(`/projects/${ids[projectKey]}/outcomes`).send(body).expect(201);
    await outcome('p1', {
      kind: 'patent_filed',
      title: 'Spiking circuit',
      occurredOn: '2024-05-01',
      patent: { jurisdiction: 'JP', applicationNumber: '2024-1' },
    });
    await outcome('p1', { kind: 'publication', title: 'Brain-morphic learning rules', occurredOn: '2024-06-01' });
    await outcome('p1', {
      kind: 'patent_filed',
      title: 'Synapse array',
      occurredOn: '2023-11-01',
      patent: { jurisdiction: 'JP', applicationNumber: '2023-7' },
    });
    await outcome('p2', {
      kind: 'patent_filed',
      title: 'MPC protocol',
      occurredOn: '2024-07-01',
      patent: { jurisdiction: 'EP', applicationNumber: 'EP24-1' },
    });

    // The testbed agreement was terminated last year: its project is flagged (and put on hold) by the
    // project service's reaction, through Kafka.
    await api(agreements)
      .post(`/agreements/${ids.a5}/terminate`)
      .send({ reason: 'Consortium dissolved', effectiveOn: '2025-06-30' })
      .expect(200);
    await eventually(
      () =>
        db.query<{ status: string }>('SELECT status FROM reporting.projects WHERE project_id = $1 AND flagged', [
          ids.p5,
        ]),
      (rows) => rows.length === 1 && rows[0].status === 'on_hold',
      30_000,
    );
  }, 120_000);

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await db?.drop();
  });

  it('1. agreements expiring within N days, with owner, notice deadline and where the renewal stands', async () => {
    const answer = await ask('/api/questions/expiring-agreements');
    expect(answer.withinDays).toBe(90);
    expect(answer.items).toEqual([
      {
        id: ids.a2,
        title: 'Secure computation testbed',
        type: 'joint_research',
        status: 'active',
        ownerId: 'owner-a2',
        partyIds: [ids.fraunhofer],
        partyNames: ['Fraunhofer IOSB'],
        expiryDate: day(20),
        daysLeft: 20,
        autoRenew: false,
        noticePeriodDays: 60,
        noticeDeadline: day(-40),
        renewalWindow: 30,
        renewals: 0,
        renewalStand: 'ending',
      },
      expect.objectContaining({
        id: ids.a1,
        ownerId: 'owner-a1',
        daysLeft: 45,
        noticeDeadline: day(15),
        renewalWindow: 60,
        renewalStand: 'window_open',
      }),
      expect.objectContaining({
        id: ids.a3,
        autoRenew: true,
        daysLeft: 80,
        noticeDeadline: day(-10),
        renewalWindow: 90,
        renewalStand: 'renews_automatically',
      }),
    ]);
    const within30 = await items('/api/questions/expiring-agreements?withinDays=30');
    expect(within30.map((a) => a.id)).toEqual([ids.a2]);
    const within500 = await items('/api/questions/expiring-agreements?withinDays=500');
    expect(within500.map((a) => a.id)).toEqual([ids.a2, ids.a1, ids.a3, ids.a4]);
    expect(within500[3]).toMatchObject({ daysLeft: 400, renewalWindow: null, renewalStand: 'not_yet' });

    // The same rows from the view, as a BI tool reads them.
    const rows = await db.query<{ agreement_id: string; days_left: number; renewal_stand: string; notice: string }>(
      `SELECT agreement_id, days_left, renewal_stand, to_char(notice_deadline, 'YYYY-MM-DD') AS notice
         FROM reporting.agreement_renewals WHERE days_left <= 500 ORDER BY days_left`,
    );
    expect(rows.map((r) => [r.agreement_id, r.days_left, r.renewal_stand, r.notice])).toEqual(
      within500.map((a) => [a.id, a.daysLeft, a.renewalStand, a.noticeDeadline]),
    );
    // The page's figure is the same question at 90 days, and so is the 2025 view.
    const portfolio = await ask('/api/portfolio');
    expect(portfolio.agreements).toMatchObject({
      expiring: { within30: 1, within60: 2, within90: 3, items: answer.items },
    });
    const legacy = await db.query<{ agreement_id: string }>(
      'SELECT agreement_id FROM reporting.expiring_agreements ORDER BY days_left',
    );
    expect(legacy.map((r) => r.agreement_id)).toEqual([ids.a2, ids.a1, ids.a3]);
  });

  it('2. IP outcomes by partner type, partner, kind and year (or dates) together', async () => {
    const patents2024 = await ask('/api/questions/ip-outcomes?partnerType=university&kind=patent_filed&year=2024');
    expect(patents2024).toEqual({
      outcomes: 1,
      byKind: [{ kind: 'patent_filed', count: 1 }],
      items: [
        {
          outcomeId: expect.any(String),
          kind: 'patent_filed',
          title: 'Spiking circuit',
          occurredOn: '2024-05-01',
          year: 2024,
          jurisdiction: 'JP',
          applicationNumber: '2024-1',
          projectId: ids.p1,
          projectTitle: 'Brain-morphic processor',
          partnerId: ids.utokyo,
          partnerName: 'University of Tokyo',
          partnerType: 'university',
        },
      ],
    });
    const university2024 = await ask('/api/questions/ip-outcomes?partnerType=university&year=2024');
    expect((university2024.items as Item[]).map((o) => o.title)).toEqual([
      'Brain-morphic learning rules',
      'Spiking circuit',
    ]);
    expect(university2024.byKind).toEqual([
      { kind: 'patent_filed', count: 1 },
      { kind: 'publication', count: 1 },
    ]);
    const byDates = await items('/api/questions/ip-outcomes?kind=patent_filed&from=2023-10-01&to=2024-06-30');
    expect(byDates.map((o) => o.title)).toEqual(['Spiking circuit', 'Synapse array']);
    const fraunhofer = await items(`/api/questions/ip-outcomes?partnerId=${ids.fraunhofer}`);
    expect(fraunhofer.map((o) => [o.title, o.partnerType])).toEqual([['MPC protocol', 'research_institute']]);

    const rows = await db.query<{ outcome_id: string }>(
      `SELECT outcome_id FROM reporting.partner_outcomes
        WHERE partner_type = 'university' AND kind = 'patent_filed' AND year = 2024`,
    );
    expect(rows.map((r) => r.outcome_id)).toEqual((patents2024.items as Item[]).map((o) => o.outcomeId));
  });

  it('3. the funnel: open projects per stage now, gate conversion for decisions dated in a period', async () => {
    const open = [
      { stage: 'generate', projects: 2, onHold: 2 },
      { stage: 'ideate', projects: 1, onHold: 0 },
      { stage: 'develop', projects: 1, onHold: 0 },
      { stage: 'launch', projects: 0, onHold: 0 },
    ];
    const none = { go: 0, kill: 0, hold: 0, recycle: 0, decisions: 0, goRate: null };
    const of2024 = await ask('/api/questions/funnel?year=2024');
    expect(of2024).toEqual({
      period: { from: '2024-01-01', to: '2024-12-31' },
      stages: [
        { ...open[0], go: 1, kill: 1, hold: 1, recycle: 1, decisions: 4, goRate: 0.25 },
        { ...open[1], go: 1, kill: 0, hold: 0, recycle: 0, decisions: 1, goRate: 1 },
        { ...open[2], ...none },
        { ...open[3], ...none },
      ],
    });
    const of2023 = await ask('/api/questions/funnel?year=2023');
    expect((of2023.stages as Item[]).map((s) => [s.stage, s.decisions, s.goRate])).toEqual([
      ['generate', 1, 1],
      ['ideate', 0, null],
      ['develop', 0, null],
      ['launch', 0, null],
    ]);
    const spring = await ask('/api/questions/funnel?from=2024-03-01&to=2024-06-30');
    expect((spring.stages as Item[]).slice(0, 2)).toEqual([
      { ...open[0], go: 1, kill: 0, hold: 1, recycle: 0, decisions: 2, goRate: 0.5 },
      { ...open[1], go: 1, kill: 0, hold: 0, recycle: 0, decisions: 1, goRate: 1 },
    ]);
    // No period: this calendar year, in which nothing was decided.
    const thisYear = await ask('/api/questions/funnel');
    const year = day(0).slice(0, 4);
    expect(thisYear.period).toEqual({ from: `${year}-01-01`, to: `${year}-12-31` });
    expect((thisYear.stages as Item[]).every((s) => s.decisions === 0)).toBe(true);

    // The page's funnel is the same view.
    expect(((await ask('/api/portfolio')).projects as Item).funnel).toEqual(open);
    const rows = await db.query<{ stage: string; go: number; decisions: number }>(
      `SELECT stage, sum(go)::int AS go, sum(decisions)::int AS decisions FROM reporting.gate_decision_counts
        WHERE year = 2024 GROUP BY stage ORDER BY stage`,
    );
    expect(rows).toEqual([
      { stage: 'generate', go: 1, decisions: 4 },
      { stage: 'ideate', go: 1, decisions: 1 },
    ]);
    const funnel = await db.query('SELECT stage, projects, on_hold FROM reporting.project_funnel ORDER BY position');
    expect(funnel).toEqual(open.map((s) => ({ stage: s.stage, projects: s.projects, on_hold: s.onHold })));
  });

  it('4. projects at risk: agreements ended or ending within N days, and flagged projects', async () => {
    const answer = await ask('/api/questions/projects-at-risk');
    expect(answer).toMatchObject({ endingWithinDays: 90, flaggedOnly: false });
    const atRisk = answer.items as Item[];
    expect(atRisk.map((p) => p.projectId)).toEqual([ids.p5, ids.p2, ids.p1, ids.p3]);
    expect(atRisk[0]).toEqual({
      projectId: ids.p5,
      title: 'Negotiation agents',
      stage: 'generate',
      status: 'on_hold',
      flagged: true,
      agreements: [
        {
          agreementId: ids.a5,
          title: 'Inter-AI negotiation testbed',
          status: 'terminated',
          expiryDate: day(700),
          endedOn: '2025-06-30',
          daysLeft: null,
          ended: true,
          flagged: true,
        },
      ],
    });
    expect(atRisk[1]).toMatchObject({
      title: 'MPC genome pilot',
      flagged: false,
      agreements: [{ agreementId: ids.a2, expiryDate: day(20), daysLeft: 20, ended: false, endedOn: null }],
    });
    const within30 = await items('/api/questions/projects-at-risk?endingWithinDays=30');
    expect(within30.map((p) => p.projectId)).toEqual([ids.p5, ids.p2]);
    const flagged = await items('/api/questions/projects-at-risk?flaggedOnly=true');
    expect(flagged.map((p) => p.projectId)).toEqual([ids.p5]);

    const rows = await db.query<{ project_id: string }>(
      `SELECT DISTINCT project_id FROM reporting.project_agreement_risks WHERE ended OR flagged OR days_left <= 30`,
    );
    expect(rows.map((r) => r.project_id).sort()).toEqual(within30.map((p) => p.projectId).sort());
    expect(((await ask('/api/portfolio')).projects as Item).atRisk).toBe(4);
  });

  it('5. partners with no activity for N days, by business date: dormant candidates', async () => {
    // Activity reaches the partner service through Kafka.
    const all = await eventually(
      () => items('/api/questions/dormant-partners'),
      (rows) => rows.filter((p) => p.lastActivityOn !== null).length === 3,
      30_000,
    );
    expect(all[0]).toMatchObject({
      id: ids.kabuku,
      name: 'Kabuku Inc.',
      status: 'prospect',
      lastActivityOn: null,
      lastActivity: null,
      daysSinceActivity: null,
    });
    for (const partner of all.slice(1)) {
      const since = (Date.parse(day(0)) - Date.parse(partner.lastActivityOn as string)) / DAY_MS;
      expect(partner.daysSinceActivity).toBe(since);
    }
    // Every partner worked with has acted within a century; the one never worked with has not.
    const century = await items('/api/questions/dormant-partners?inactiveForDays=36500');
    expect(century.map((p) => p.id)).toEqual([ids.kabuku]);

    // The same answer as the partner service's own dormant filter, and as the view.
    const threshold = 1;
    const dormant = await items(`/api/questions/dormant-partners?inactiveForDays=${threshold}`);
    const listed = (await api(partners).get(`/partners?inactiveForDays=${threshold}&pageSize=100`).expect(200)).body
      .items as Item[];
    expect(dormant.map((p) => p.id).sort()).toEqual(listed.map((p) => p.id).sort());
    const rows = await db.query<{ partner_id: string }>(
      `SELECT partner_id FROM reporting.partner_inactivity WHERE days_since_activity IS NULL OR days_since_activity >= $1`,
      [threshold],
    );
    expect(rows.map((r) => r.partner_id).sort()).toEqual(dormant.map((p) => p.id).sort());
    expect(await items('/api/questions/dormant-partners?type=research_institute&inactiveForDays=36500')).toEqual([]);
  });

  it('6. partners in a technology area with their live projects, in one response', async () => {
    const answer = await ask('/api/questions/technology-area-partners?area=AI');
    expect(answer.area).toBe('ai');
    const found = answer.items as Item[];
    expect(found.map((p) => [p.name, p.liveProjectCount])).toEqual([
      ['Fraunhofer IOSB', 2],
      ['Kabuku Inc.', 0],
      ['University of Tokyo', 1],
    ]);
    expect(found[0].liveProjects).toEqual([
      { projectId: ids.p2, title: 'MPC genome pilot', stage: 'ideate', status: 'active', technologyAreas: ['ai'] },
      { projectId: ids.p5, title: 'Negotiation agents', stage: 'generate', status: 'on_hold', technologyAreas: ['ai'] },
    ]);
    expect(found[1].liveProjects).toEqual([]);
    // The killed project is not live.
    expect((found[2].liveProjects as Item[]).map((p) => p.projectId)).toEqual([ids.p1]);
    const tagged = await ask(`/api/questions/technology-area-partners?area=${encodeURIComponent('Brain-morphic AI')}`);
    expect(tagged.area).toBe('brain-morphic-ai');
    expect((tagged.items as Item[]).map((p) => p.id)).toEqual([ids.utokyo]);

    const rows = await db.query<{ partner_id: string; live_projects: unknown }>(
      `SELECT partner_id, live_projects FROM reporting.technology_area_partners WHERE technology_area = 'ai' ORDER BY name`,
    );
    expect(rows.map((r) => [r.partner_id, r.live_projects])).toEqual(found.map((p) => [p.id, p.liveProjects]));
  });

  it('refuses bad filters with a 400 naming each bad field', async () => {
    const refused = async (path: string) =>
      ((await api(dashboard).get(path).expect(400)).body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(await refused('/api/questions/expiring-agreements?withinDays=soon')).toEqual(['withinDays']);
    expect(
      await refused('/api/questions/ip-outcomes?partnerType=alien&kind=rumour&partnerId=42&year=2024&from=2024-02-30'),
    ).toEqual(['from', 'kind', 'partnerId', 'partnerType', 'year']);
    expect(await refused('/api/questions/funnel?from=2024-06-01&to=2024-01-01')).toEqual(['to']);
    expect(await refused('/api/questions/projects-at-risk?flaggedOnly=maybe&endingWithinDays=-1')).toEqual([
      'endingWithinDays',
      'flaggedOnly',
    ]);
    expect(await refused('/api/questions/dormant-partners?inactiveForDays=0&status=sleeping')).toEqual([
      'inactiveForDays',
      'status',
    ]);
    expect(await refused('/api/questions/technology-area-partners')).toEqual(['area']);
    expect(await refused('/api/questions/funnel?stage=ideate')).toEqual(['stage']);
  });

  it('lets BI tools read every question view with the read-only role', async () => {
    const url = new URL(db.url);
    url.username = 'accord_reporting';
    url.password = password;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      for (const view of QUESTION_VIEWS) {
        const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM reporting.${view}`);
        expect(rows[0].n).toBeGreaterThan(0);
        const comment = await client.query<{ comment: string | null }>(
          `SELECT obj_description(('reporting.' || $1)::regclass, 'pg_class') AS comment`,
          [view],
        );
        expect(comment.rows[0].comment).toBeTruthy();
      }
    } finally {
      await client.end();
    }
  });
});
