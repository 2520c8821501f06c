import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { AgreementServiceModule } from '../../agreement-service/src/app.module';
import { agreementService } from '../../agreement-service/src/service';
import { PartnerServiceModule } from '../../partner-service/src/app.module';
import { partnerService } from '../../partner-service/src/service';
import { ProjectServiceModule } from '../../project-service/src/app.module';
import { projectService } from '../../project-service/src/service';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { eventually, onceKnown } from '../../../test/support/eventually';
import { bootService } from '../../../test/support/service';
import { DashboardModule } from '../src/app.module';
import { dashboardService } from '../src/service';
import { api, tokenFor } from '../../../test/support/auth';

/**
 * The dashboard reads the `reporting` views over the three services' read models, in one database as
 * deployed; BI tools read the same views with a role that can read nothing else.
 */
describe('the portfolio dashboard and the reporting views', () => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];
  let partners: INestApplication;
  let agreements: INestApplication;
  let projects: INestApplication;
  let dashboard: INestApplication;
  const password = `reporting-${randomUUID()}`;

  beforeAll(async () => {
    db = await createTestDatabase('dashboard');
    const env = { DATABASE_URL: db.url };
    partners = await bootService(partnerService, PartnerServiceModule, env);
    agreements = await bootService(agreementService, AgreementServiceModule, env);
    projects = await bootService(projectService, ProjectServiceModule, env);
    dashboard = await bootService(dashboardService, DashboardModule, { ...env, REPORTING_DB_PASSWORD: password });
    apps.push(partners, agreements, projects, dashboard);
  }, 60_000);

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await db?.drop();
  });

  it('shows the portfolio the services hold: partners, agreements, expiry, funnel, outcomes, funding', async () => {
    const register = async (body: object) =>
      (await api(partners).post('/partners').send(body).expect(201)).body.id as string;
    const utokyo = await register({
      name: 'University of Tokyo',
      type: 'university',
      country: 'JP',
      technologyAreas: ['ai', 'brain-morphic-ai'],
    });
    const fraunhofer = await register({
      name: 'Fraunhofer IOSB',
      type: 'research_institute',
      country: 'DE',
      technologyAreas: ['ai'],
    });
    const in60days = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const draft = {
      type: 'joint_research',
      title: 'Brain-morphic AI joint research',
      partyIds: [utokyo],
      ownerId: 'alliance-ai',
      effectiveDate: '2020-01-01',
      expiryDate: in60days,
      funding: [{ direction: 'outbound', amount: 1_000_000, currency: 'JPY' }],
    };
    const drafted = await onceKnown(() => api(agreements).post('/agreements').send(draft));
    const agreementId = drafted.body.id as string;
    for (const step of ['submit-for-review', 'approve'])
      await api(agreements).post(`/agreements/${agreementId}/${step}`).expect(200);
    for (const partyId of ['company', utokyo])
      await api(agreements).post(`/agreements/${agreementId}/sign`).send({ partyId }).expect(200);
    const proposal = {
      title: 'Brain-morphic processor',
      agreementIds: [agreementId],
      leadPartnerIds: [utokyo],
      budget: { amount: 5_000_000, currency: 'JPY' },
      // Proposed in the world before its 2021 patent filing, however late it is logged.
      proposedOn: '2020-03-01',
    };
    const proposed = await onceKnown(() => api(projects).post('/projects').send(proposal));
    const projectId = proposed.body.id as string;
    await api(projects)
      .post(`/projects/${projectId}/gate-reviews`)
      .send({ decision: 'go', gatekeepers: ['board'], criteria: { fit: 5 } })
      .expect(200);
    await api(projects)
      .post(`/projects/${projectId}/outcomes`)
      .send({
        kind: 'patent_filed',
        title: 'Spiking circuit',
        occurredOn: '2021-05-01',
        patent: { jurisdiction: 'JP', applicationNumber: '2021-1' },
      })
      .expect(201);

    const portfolio = (await api(dashboard).get('/api/portfolio').expect(200)).body;
    expect(portfolio.partners).toMatchObject({ total: 2 });
    expect(portfolio.partners.byRegion).toEqual(
      expect.arrayContaining([
        { region: 'Asia', count: 1 },
        { region: 'Europe', count: 1 },
      ]),
    );
    expect(portfolio.partners.byTechnologyArea[0]).toEqual({ area: 'ai', count: 2 });
    expect(portfolio.agreements).toMatchObject({
      total: 1,
      activeByType: [{ type: 'joint_research', count: 1 }],
      expiring: { within30: 0, within60: 1, within90: 1, items: [{ id: agreementId, daysLeft: 60 }] },
    });
    expect(portfolio.projects.funnel).toEqual([
      { stage: 'generate', projects: 0, onHold: 0 },
      { stage: 'ideate', projects: 1, onHold: 0 },
      { stage: 'develop', projects: 0, onHold: 0 },
      { stage: 'launch', projects: 0, onHold: 0 },
    ]);
    expect(portfolio.projects.conversion[0]).toEqual({ stage: 'generate', decided: 1, advanced: 1, rate: 1 });
    expect(portfolio.outcomes.byYear).toEqual([{ year: 2021, kind: 'patent_filed', count: 1 }]);
    expect(portfolio.outcomes.byPartner).toEqual([
      { partnerId: utokyo, partnerName: 'University of Tokyo', kind: 'patent_filed', count: 1 },
    ]);
    expect(portfolio.funding.byPartnerType).toEqual([
      { partnerType: 'university', direction: 'outbound', currency: 'JPY', amount: 1_000_000 },
    ]);

    const the360 = (await api(dashboard).get(`/api/partners/${utokyo}/360`).expect(200)).body;
    expect(the360).toMatchObject({
      profile: { name: 'University of Tokyo', region: 'Asia' },
      agreements: [{ id: agreementId, status: 'active' }],
      projects: [{ id: projectId, stage: 'ideate' }],
      outcomes: [{ kind: 'patent_filed', projectTitle: 'Brain-morphic processor' }],
    });
    expect((the360.timeline as { kind: string }[]).map((t) => t.kind)).toEqual(
      expect.arrayContaining(['partner', 'agreement', 'gate', 'outcome']),
    );
    await api(dashboard).get(`/api/partners/${randomUUID()}/360`).expect(404);

    const filtered = (await api(dashboard).get('/api/partners?country=de').expect(200)).body;
    expect((filtered.items as { id: string }[]).map((p) => p.id)).toEqual([fraunhofer]);
    // The CSV holds what the web app's list shows: the same filters and order.
    const byArea = await api(dashboard).get('/api/partners.csv?technologyArea=ai&sort=-name').expect(200);
    const names = byArea.text
      .split('\r\n')
      .slice(1, -1)
      .map((row) => row.split(',')[1]);
    expect(names).toEqual(['"University of Tokyo"', '"Fraunhofer IOSB"']);
    const brainMorphic = await api(dashboard).get('/api/partners?technologyArea=brain-morphic-ai').expect(200);
    expect((brainMorphic.body.items as { id: string }[]).map((p) => p.id)).toEqual([utokyo]);
    await api(dashboard).get('/api/partners.csv?sort=name;drop').expect(400);

    // Text a spreadsheet would run as a formula is written inert, and Japanese stays Japanese.
    await register({ name: '=HYPERLINK("https://evil.example","Open")', type: 'startup', country: 'JP' });
    await register({ name: '東京大学 先端科学技術研究センター', type: 'university', country: 'JP' });
    const japan = await api(dashboard).get('/api/partners.csv?country=JP&sort=name').expect(200);
    expect(japan.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = japan.text.split('\r\n');
    expect(rows[0].startsWith('\uFEFF"id","name"')).toBe(true);
    expect(rows.some((row) => row.includes(`"'=HYPERLINK(""https://evil.example"",""Open"")"`))).toBe(true);
    expect(rows.some((row) => row.includes('"東京大学 先端科学技術研究センター"'))).toBe(true);
    expect(rows.some((row) => row.includes('",=HYPERLINK') || row.includes('"=HYPERLINK'))).toBe(false);
    const csv = await api(dashboard).get('/api/projects.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    // A byte-order mark first: Excel then reads the file as UTF-8.
    expect(csv.text.split('\r\n')[0]).toBe(
      '\uFEFF"id","title","stage","status","budget","currency","spent","overBudget","flagged"',
    );
    expect(csv.text).toContain(
      `"${projectId}","Brain-morphic processor","ideate","active","5000000","JPY","0","false","false"`,
    );
  }, 90_000);

  it("shows on a partner's timeline who made each change: two users, and an automatic reaction", async () => {
    const asAda = (app: INestApplication) => api(app, ['alliance_manager'], { subject: 'ada' });
    const asLee = (app: INestApplication) => api(app, ['legal'], { subject: 'lee' });
    const tohoku = (
      await asAda(partners)
        .post('/partners')
        .send({ name: 'Tohoku University', type: 'university', country: 'JP', technologyAreas: ['spintronics'] })
        .expect(201)
    ).body.id as string;
    const title = 'Spintronics memory MOU';
    const drafted = await onceKnown(() =>
      asAda(agreements)
        .post('/agreements')
        .send({ type: 'mou', title, partyIds: [tohoku], ownerId: 'alliance-memory', effectiveDate: '2019-04-01' }),
    );
    expect(drafted.status).toBe(201);
    const agreementId = drafted.body.id as string;
    await asAda(agreements).post(`/agreements/${agreementId}/submit-for-review`).expect(200);
    await asLee(agreements).post(`/agreements/${agreementId}/approve`).expect(200);
    await asLee(agreements).post(`/agreements/${agreementId}/sign`).send({ partyId: 'company' }).expect(200);
    await asAda(agreements).post(`/agreements/${agreementId}/sign`).send({ partyId: tohoku }).expect(200);
    const projectTitle = 'MRAM prototype';
    const proposed = await onceKnown(() =>
      asAda(projects)
        .post('/projects')
        .send({
          title: projectTitle,
          agreementIds: [agreementId],
          leadPartnerIds: [tohoku],
          budget: { amount: 1_000_000, currency: 'JPY' },
        }),
    );
    expect(proposed.status).toBe(201);

    // The partner service activates the partner itself when the partnership is established: a
    // change nobody made by hand. Waiting for it, for the partnership and for the project covers all
    // three topics (the dashboard reads each at its own pace; within a topic, one agreement's
    // messages arrive in order, so its last one brings the ones before).
    type Entry = { kind: string; what: string; date: string; at?: string; actor?: string; by?: string; type?: string };
    const timeline = await eventually(
      async () =>
        (await api(dashboard, ['viewer']).get(`/api/partners/${tohoku}/360`).expect(200)).body.timeline as Entry[],
      (entries) =>
        entries.some((e) => e.type === 'accord.partner.activated.v1') &&
        entries.some((e) => e.type === 'accord.partnership.established.v1') &&
        entries.some((e) => e.type === 'accord.project.proposed.v1'),
      30_000,
    );
    const changes = timeline.filter((e) => e.kind === 'change');
    expect(changes.map((e) => [e.what, e.by])).toEqual(
      expect.arrayContaining([
        [`Agreement drafted: ${title}`, 'ada'],
        [`Agreement submitted for review: ${title}`, 'ada'],
        [`Agreement approved: ${title}`, 'lee'],
        [`Agreement signed by party: ${title}`, 'lee'],
        [`Agreement signed by party: ${title}`, 'ada'],
        [`Partnership established: ${title}`, 'ada'],
        ['Partner activated', 'automatic'],
        [`Project proposed: ${projectTitle}`, 'ada'],
      ]),
    );
    expect(changes.find((e) => e.what === 'Partner activated')?.actor).toMatch(/^system:/);
    expect(changes.find((e) => e.what === `Agreement approved: ${title}`)?.actor).toBe('user:lee');
    // The other partners' agreements and projects are not this partner's story.
    expect(
      changes.every((e) => e.what === 'Partner activated' || [title, projectTitle].some((t) => e.what.endsWith(t))),
    ).toBe(true);
    // Registered once, as the milestone, with its author and time; not again as a change.
    expect(timeline.filter((e) => /regist/i.test(e.what))).toEqual([
      expect.objectContaining({ kind: 'partner', what: 'Registered as a university', actor: 'user:ada', by: 'ada' }),
    ]);
    // Newest first; the agreement's business date (2019) after everything done today.
    const keys = timeline.map((e) => e.at ?? e.date);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(timeline.at(-1)).toMatchObject({ kind: 'agreement', date: '2019-04-01' });

    // The read model itself: one row per message, with the message's own time and actor.
    const history = (await api(agreements).get(`/agreements/${agreementId}/history`).expect(200)).body as {
      occurredAt: string;
      actor: string;
    }[];
    const rows = await db.query<{ topic: string; type: string; actor: string; occurred_at: Date }>(
      'SELECT topic, type, actor, occurred_at FROM dashboard.change_log WHERE aggregate_id = $1 ORDER BY occurred_at',
      [agreementId],
    );
    expect(rows[0]).toEqual({
      topic: 'accord.agreements',
      type: 'accord.agreement.drafted.v1',
      actor: 'user:ada',
      occurred_at: new Date(history[0].occurredAt),
    });
    const ids = await db.query<{ n: number; distinct_ids: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct_ids FROM dashboard.change_log',
    );
    expect(ids[0].n).toBe(ids[0].distinct_ids);
  }, 90_000);

  it('answers signed-in readers only: every role reads, no token is a 401', async () => {
    for (const role of ['viewer', 'alliance_manager', 'legal', 'admin']) {
      await api(dashboard, [role]).get('/api/portfolio').expect(200);
    }
    const refused = await request(dashboard.getHttpServer()).get('/api/portfolio').expect(401);
    expect(refused.body).toMatchObject({ code: 'unauthorized' });
    // No route takes a token from the address (it would land in logs and browser history).
    await request(dashboard.getHttpServer())
      .get(`/api/portfolio?access_token=${tokenFor(['viewer'])}`)
      .expect(401);
    await request(dashboard.getHttpServer())
      .get('/api/events?access_token=' + tokenFor(['viewer']))
      .expect(401);
    // The web app's files are public (they hold no data); any page address opens the app.
    const page = await request(dashboard.getHttpServer()).get('/partners?type=university').expect(200);
    expect(page.text).toContain('<div id="root">');
  });

  it('lets BI tools read the reporting views, and nothing else, with the read-only role', async () => {
    const url = new URL(db.url);
    url.username = 'accord_reporting';
    url.password = password;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const views = await client.query(
        `SELECT table_name FROM information_schema.views WHERE table_schema = 'reporting' ORDER BY 1`,
      );
      expect((views.rows as { table_name: string }[]).map((r) => r.table_name)).toEqual(
        expect.arrayContaining([
          'agreements',
          'expiring_agreements',
          'funding_by_partner_type',
          'gate_decisions',
          'outcomes',
          'partners',
          'projects',
        ]),
      );
      const counted = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM reporting.partners');
      expect(counted.rows[0].n).toBeGreaterThan(0);
      await expect(client.query('SELECT * FROM partner.partner_directory')).rejects.toThrow(/permission denied/);
      await expect(client.query('SELECT * FROM partner.events')).rejects.toThrow(/permission denied/);
      await expect(client.query(`DELETE FROM reporting.partners`)).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});
