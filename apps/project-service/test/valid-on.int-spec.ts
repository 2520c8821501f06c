import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Response } from 'supertest';
import { Clock, FakeClock } from '@accord/platform';
import { api } from '../../../test/support/auth';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import { ProjectServiceModule } from '../src/app.module';
import type { ProjectView } from '../src/projects/get-project/project.view';
import { projectService } from '../src/service';

/**
 * Business time on the project routes: `GET /projects/:id?validOn=` shows a project as it stood in
 * the world on a day, whatever day its acts were logged (`asOf`, recorded time, combines with it);
 * `GET /projects?liveOn=` lists those proposed and not yet closed on a day. Booted in-process on a
 * fresh database with a fake clock, like business-dates.int-spec.
 */
const NOW = '2026-06-01T09:00:00Z';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const utokyo = randomUUID();
const alliance = randomUUID();
const TAG = 'valid-on-test';

const project = (title: string, extra: object = {}) => ({
  title,
  agreementIds: [alliance],
  leadPartnerIds: [utokyo],
  technologyAreas: [TAG],
  budget: { amount: 250_000_000, currency: 'JPY' },
  ...extra,
});
const gate = (decision: string, decidedOn: string) => ({
  decision,
  gatekeepers: ['cto-office'],
  criteria: { strategicFit: 5 },
  decidedOn,
});

type Detail = Omit<ProjectView, 'gateDecisions'> & { gateDecisions: { gate: string; decidedOn: string }[] };

describe('project-service: business time on reads', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new FakeClock(new Date(NOW));
  const http = () => api(app);
  const fieldsOf = (response: Response) => (response.body.errors as { field: string }[]).map((e) => e.field);

  async function propose(body: object): Promise<string> {
    return ((await http().post('/projects').send(body).expect(201)).body as { id: string }).id;
  }
  const on = async (id: string, query: string) =>
    (await http().get(`/projects/${id}?${query}`).expect(200)).body as Detail;

  beforeAll(async () => {
    db = await createTestDatabase('projects_valid_on');
    app = await bootService(projectService, ProjectServiceModule, { DATABASE_URL: db.url }, (builder) =>
      builder.overrideProvider(Clock).useValue(clock),
    );
    await db.query(
      `INSERT INTO project.known_agreements (agreement_id, title, status, partner_ids, version, updated_at)
       VALUES ($1, 'University of Tokyo comprehensive alliance', 'active', $2, 1, now())`,
      [alliance, [utokyo]],
    );
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('GET /projects/:id?validOn=', () => {
    let id: string;
    let beforeProposed: string;
    let afterLogging: string;

    beforeAll(async () => {
      beforeProposed = new Date().toISOString();
      await sleep(20);
      // Proposed in 2019, through Generate in 2019 and Ideate in 2020: logged today in one request.
      id = await propose(
        project('Brain-morphic AI (valid on)', {
          proposedOn: '2019-04-01',
          gateDecisions: [gate('go', '2019-09-30'), gate('go', '2020-03-12')],
        }),
      );
      await sleep(20);
      afterLogging = new Date().toISOString();
      await sleep(20);
      // Killed in 2021, logged later still.
      await http().post(`/projects/${id}/gate-reviews`).send(gate('kill', '2021-05-01')).expect(200);
    });

    it('shows the stage on days between its gate decisions', async () => {
      expect(await on(id, 'validOn=2019-04-01')).toMatchObject({
        stage: 'generate',
        status: 'active',
        gateDecisions: [],
        version: 1,
      });
      const ideate = await on(id, 'validOn=2019-12-31');
      expect(ideate).toMatchObject({ stage: 'ideate', status: 'active', lastActivityOn: '2019-09-30' });
      expect(ideate.gateDecisions.map((decision) => decision.decidedOn)).toEqual(['2019-09-30']);
      const develop = await on(id, 'validOn=2020-03-12');
      expect(develop).toMatchObject({ stage: 'develop', status: 'active' });
      expect(develop.gateDecisions).toHaveLength(2);
      expect(await on(id, 'validOn=2021-05-01')).toMatchObject({ stage: 'develop', status: 'killed' });
      // The present is left alone.
      expect(((await http().get(`/projects/${id}`).expect(200)).body as Detail).status).toBe('killed');
    });

    it('answers 404 project_not_found before it was proposed', async () => {
      const response = await http().get(`/projects/${id}?validOn=2019-03-31`).expect(404);
      expect(response.body).toMatchObject({
        code: 'project_not_found',
        detail: `no project ${id} proposed by 2019-03-31`,
      });
    });

    it('combines with asOf: what had been recorded then, as it stood on that day', async () => {
      // Recorded by then: the proposal and its two gates, not yet the kill.
      expect(await on(id, `asOf=${afterLogging}&validOn=2022-01-01`)).toMatchObject({
        stage: 'develop',
        status: 'active',
      });
      expect(await on(id, `asOf=${afterLogging}&validOn=2019-12-31`)).toMatchObject({ stage: 'ideate' });
      const missing = await http().get(`/projects/${id}?asOf=${beforeProposed}&validOn=2022-01-01`).expect(404);
      expect(missing.body).toMatchObject({ code: 'project_not_found' });
    });

    it('answers a day that is no calendar day with a 400 naming validOn', async () => {
      for (const validOn of ['2020-02-30', 'yesterday', '2020-03-12T00:00:00Z', '12/03/2020']) {
        const response = await http()
          .get(`/projects/${id}?validOn=${encodeURIComponent(validOn)}`)
          .expect(400);
        expect(fieldsOf(response)).toEqual(['validOn']);
      }
    });
  });

  describe('GET /projects?liveOn=', () => {
    const ids = { killed: '', later: '' };

    beforeAll(async () => {
      // Proposed in 2019 and killed on 2021-05-01; another proposed in 2022, still running.
      ids.killed = await propose(project('Secure computation (liveOn, killed)', { proposedOn: '2019-04-01' }));
      await http().post(`/projects/${ids.killed}/gate-reviews`).send(gate('kill', '2021-05-01')).expect(200);
      ids.later = await propose(project('Quantum sensing (liveOn, running)', { proposedOn: '2022-01-01' }));
    });

    const live = async (day: string) =>
      (
        (await http().get(`/projects?technologyArea=${TAG}&liveOn=${day}&pageSize=100`).expect(200)).body as {
          items: { id: string }[];
        }
      ).items
        .map((item) => item.id)
        .filter((id) => id === ids.killed || id === ids.later);

    it('lists the projects proposed by that day and not closed by it', async () => {
      expect(await live('2019-03-31')).toEqual([]);
      expect(await live('2019-04-01')).toEqual([ids.killed]);
      expect(await live('2021-04-30')).toEqual([ids.killed]);
      expect(await live('2021-05-01')).toEqual([]);
      expect(await live('2022-01-01')).toEqual([ids.later]);
    });

    it('answers a bad liveOn with a 400 naming it', async () => {
      const response = await http().get('/projects?liveOn=2021-02-29').expect(400);
      expect(fieldsOf(response)).toEqual(['liveOn']);
    });
  });

  it('documents validOn and liveOn', async () => {
    const document = (await http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { description?: string; parameters?: { name: string }[] }>>;
    };
    const get = document.paths['/projects/{id}'].get;
    expect(get.parameters?.map((p) => p.name)).toEqual(['id', 'asOf', 'validOn']);
    expect(get.description).toContain('validOn');
    expect(document.paths['/projects'].get.parameters?.map((p) => p.name)).toContain('liveOn');
  });
});
