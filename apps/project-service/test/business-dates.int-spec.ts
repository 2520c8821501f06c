import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Response } from 'supertest';
import { Clock, FakeClock, type HistoryEntry } from '@accord/platform';
import { api } from '../../../test/support/auth';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import { ProjectServiceModule } from '../src/app.module';
import type { ProjectView } from '../src/projects/get-project/project.view';
import { projectService } from '../src/service';

/**
 * Business dates over HTTP: acts recorded after they happened (gate minutes typed in later, a
 * portfolio logged from a spreadsheet) keep the day they happened, next to the moment they were
 * recorded. Booted in-process on a fresh database with a fake clock, like projects.http.int-spec.
 */

const NOW = '2026-06-01T09:00:00Z';
const TODAY = '2026-06-01';

const utokyo = randomUUID();
const alliance = randomUUID();
const draftAgreement = randomUUID();

const brainMorphic = {
  title: 'Brain-morphic AI: low-power information processing modelled on the brain',
  agreementIds: [alliance],
  leadPartnerIds: [utokyo],
  technologyAreas: ['ai'],
  budget: { amount: 250_000_000, currency: 'JPY' },
};
const GATEKEEPERS = ['cto-office', 'ai-research-director'];
const CRITERIA = { strategicFit: 5, technicalFeasibility: 4 };
const gate = (decision: string, extra: object = {}) => ({
  decision,
  gatekeepers: GATEKEEPERS,
  criteria: CRITERIA,
  ...extra,
});

type Detail = Omit<ProjectView, 'gateDecisions'> & {
  gateDecisions: { gate: string; decision: string; decidedOn: string }[];
};

describe('project-service: business dates', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new FakeClock(new Date(NOW));
  const http = () => api(app);
  const post = (path: string) => http().post(`/projects${path}`);

  const fieldsOf = (response: Response) =>
    (response.body.errors as { field: string }[]).map((error) => error.field).sort();

  function expectProblem(response: Response, status: number, code: string): void {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  }

  async function propose(body: object): Promise<string> {
    return ((await post('').send(body).expect(201)).body as { id: string }).id;
  }

  async function detail(id: string): Promise<Detail> {
    return (await http().get(`/projects/${id}`).expect(200)).body as Detail;
  }

  async function history(id: string): Promise<HistoryEntry[]> {
    return (await http().get(`/projects/${id}/history`).expect(200)).body as HistoryEntry[];
  }

  const storedWithTitle = async (title: string) =>
    (
      await db.query<{ n: number }>('SELECT count(*)::int AS n FROM project.project_register WHERE title = $1', [title])
    )[0].n;

  beforeAll(async () => {
    db = await createTestDatabase('projects_business_dates');
    app = await bootService(projectService, ProjectServiceModule, { DATABASE_URL: db.url }, (builder) =>
      builder.overrideProvider(Clock).useValue(clock),
    );
    for (const [id, title, status] of [
      [alliance, 'University of Tokyo comprehensive alliance', 'active'],
      [draftAgreement, 'University of Tokyo AI ethics research (draft)', 'draft'],
    ]) {
      await db.query(
        `INSERT INTO project.known_agreements (agreement_id, title, status, partner_ids, version, updated_at)
         VALUES ($1, $2, $3, $4, 1, now())`,
        [id, title, status, [utokyo]],
      );
    }
  });

  beforeEach(() => clock.set(NOW));

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('stores a back-dated gate decision with its date, shown in the project and its history', async () => {
    // Recorded by the service's clock (fake here), which runs on from where the test set it.
    const start = clock.now().getTime();
    const id = await propose({ ...brainMorphic, title: 'Back-dated gate', proposedOn: '2020-01-10' });
    await post(`/${id}/gate-reviews`)
      .send(gate('go', { decidedOn: '2020-03-12', notes: 'Minutes typed in later' }))
      .expect(200);

    const view = await detail(id);
    expect(view).toMatchObject({
      stage: 'ideate',
      status: 'active',
      proposedOn: '2020-01-10',
      statusSince: '2020-01-10',
      lastActivityOn: '2020-03-12',
      version: 3,
    });
    expect(view.gateDecisions).toEqual([
      expect.objectContaining({ gate: 'generate→ideate', decision: 'go', decidedOn: '2020-03-12' }),
    ]);

    const entries = await history(id);
    expect(entries.map((entry) => [entry.type, entry.data])).toEqual([
      ['ProjectProposed', expect.objectContaining({ proposedOn: '2020-01-10' })],
      ['GateDecisionRecorded', expect.objectContaining({ decidedOn: '2020-03-12' })],
      ['ProjectStageAdvanced', { projectId: id, from: 'generate', to: 'ideate', advancedOn: '2020-03-12' }],
    ]);
    // And recorded now: both times are kept.
    const recorded = entries.map((entry) => Date.parse(entry.occurredAt));
    expect(recorded.every((time) => time >= start - 1000 && time <= clock.now().getTime() + 1000)).toBe(true);
  });

  it('dates a HOLD, a resumption, a commitment and a spend by the days given', async () => {
    const id = await propose({ ...brainMorphic, title: 'Held and resumed', proposedOn: '2019-04-01' });
    await post(`/${id}/gate-reviews`)
      .send(gate('hold', { decidedOn: '2019-10-01' }))
      .expect(200);
    expect(await detail(id)).toMatchObject({ status: 'on_hold', statusSince: '2019-10-01' });
    await post(`/${id}/resume`).send({ resumedOn: '2020-02-03' }).expect(200);
    await post(`/${id}/budget`).send({ amount: 1_000_000, currency: 'JPY', committedOn: '2020-02-10' }).expect(200);
    await post(`/${id}/spend`)
      .send({ amount: 500_000, currency: 'JPY', description: 'Boards', spentOn: '2020-01-15' })
      .expect(200);
    // The spend was recorded last but happened earlier: the latest activity is the commitment.
    expect(await detail(id)).toMatchObject({
      status: 'active',
      statusSince: '2020-02-03',
      lastActivityOn: '2020-02-10',
    });
    const entries = await history(id);
    expect(entries.map((entry) => entry.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ heldOn: '2019-10-01' }),
        expect.objectContaining({ resumedOn: '2020-02-03' }),
        expect.objectContaining({ committedOn: '2020-02-10' }),
      ]),
    );
  });

  it('answers a date after today with 422 date_in_future, and records nothing', async () => {
    const id = await propose({ ...brainMorphic, title: 'Future gate' });
    const response = await post(`/${id}/gate-reviews`).send(gate('go', { decidedOn: '2026-06-02' }));
    expectProblem(response, 422, 'date_in_future');
    expect(response.body).toMatchObject({ field: 'decidedOn', date: '2026-06-02', today: TODAY });
    expect((await detail(id)).version).toBe(1);

    const title = 'Proposed tomorrow';
    expectProblem(await post('').send({ ...brainMorphic, title, proposedOn: '2026-06-02' }), 422, 'date_in_future');
    expect(await storedWithTitle(title)).toBe(0);
  });

  it('answers an outcome dated after today with 422 date_in_future, like the other acts, and records nothing', async () => {
    const id = await propose({ ...brainMorphic, title: 'Future outcome', proposedOn: '2020-01-10' });
    const paper = { kind: 'publication', title: 'Spiking networks, next year' };
    const response = await post(`/${id}/outcomes`).send({ ...paper, occurredOn: '2026-06-02' });
    expectProblem(response, 422, 'date_in_future');
    expect(response.body).toMatchObject({
      field: 'occurredOn',
      date: '2026-06-02',
      today: TODAY,
      detail: `occurredOn (2026-06-02) is after today (${TODAY})`,
    });
    const spinOut = {
      kind: 'spin_out',
      title: 'Brainmorph',
      spinOutCompany: 'Brainmorph Inc.',
      occurredOn: '2027-01-01',
    };
    expectProblem(await post(`/${id}/outcomes`).send(spinOut), 422, 'date_in_future');
    expect(await detail(id)).toMatchObject({ version: 1, status: 'active', outcomes: [] });
    // Today is not the future.
    await post(`/${id}/outcomes`)
      .send({ ...paper, occurredOn: TODAY })
      .expect(201);
  });

  it('answers a decision before the project was proposed with 422 before_proposed', async () => {
    const id = await propose({ ...brainMorphic, title: 'Decided before proposed', proposedOn: '2021-04-01' });
    const response = await post(`/${id}/gate-reviews`).send(gate('go', { decidedOn: '2021-03-31' }));
    expectProblem(response, 422, 'before_proposed');
    expect(response.body).toMatchObject({ field: 'decidedOn', date: '2021-03-31', proposedOn: '2021-04-01' });
    expectProblem(
      await post(`/${id}/spend`).send({ amount: 1, currency: 'JPY', description: 'x', spentOn: '2021-01-01' }),
      422,
      'before_proposed',
    );
    expect((await detail(id)).version).toBe(1);
  });

  it('answers a decision before the previous one with 422 before_previous_decision', async () => {
    const id = await propose({ ...brainMorphic, title: 'Out of order', proposedOn: '2021-04-01' });
    await post(`/${id}/gate-reviews`)
      .send(gate('recycle', { decidedOn: '2021-09-01' }))
      .expect(200);
    const response = await post(`/${id}/gate-reviews`).send(gate('go', { decidedOn: '2021-08-31' }));
    expectProblem(response, 422, 'before_previous_decision');
    expect(response.body).toMatchObject({ previousDecisionOn: '2021-09-01' });
  });

  it('answers a date that is not YYYY-MM-DD with a 400 naming the field', async () => {
    const id = await propose({ ...brainMorphic, title: 'Malformed dates' });
    for (const decidedOn of ['12/03/2020', '2020-02-30', '2020-03-12T10:00:00Z', 20200312]) {
      const response = await post(`/${id}/gate-reviews`).send(gate('go', { decidedOn }));
      expectProblem(response, 400, 'validation_failed');
      expect(fieldsOf(response)).toEqual(['decidedOn']);
    }
    expect(fieldsOf(await post(`/${id}/resume`).send({ resumedOn: 'yesterday' }).expect(400))).toEqual(['resumedOn']);
    expect(
      fieldsOf(await post(`/${id}/budget`).send({ amount: 1, currency: 'JPY', committedOn: '2020-13-01' }).expect(400)),
    ).toEqual(['committedOn']);
    const proposal = await post('')
      .send({
        ...brainMorphic,
        proposedOn: 'last spring',
        gateDecisions: [gate('go', { decidedOn: '2020-03-12' }), gate('go')],
      })
      .expect(400);
    expect(fieldsOf(proposal)).toEqual(['gateDecisions.1.decidedOn', 'proposedOn']);
    expect((await detail(id)).version).toBe(1);
  });

  describe('logging a project at its current stage with its past gate decisions, in one request', () => {
    const logged = {
      ...brainMorphic,
      title: 'Brain-morphic AI, logged from the 2019 portfolio spreadsheet',
      proposedOn: '2017-05-15',
      gateDecisions: [
        gate('go', { decidedOn: '2017-09-29', notes: 'Strong fit with the alliance themes' }),
        gate('go', { decidedOn: '2018-03-30' }),
      ],
    };

    it('stores and publishes what the step-by-step path would, ending at stage develop', async () => {
      const response = await post('').send(logged).expect(201);
      const { id, version } = response.body as { id: string; version: number };
      expect(version).toBe(5);
      expect(response.headers.etag).toBe('"5"');

      const view = await detail(id);
      expect(view).toMatchObject({
        stage: 'develop',
        status: 'active',
        proposedOn: '2017-05-15',
        lastActivityOn: '2018-03-30',
        version: 5,
      });
      expect(view.gateDecisions.map(({ gate: g, decision, decidedOn }) => [g, decision, decidedOn])).toEqual([
        ['generate→ideate', 'go', '2017-09-29'],
        ['ideate→develop', 'go', '2018-03-30'],
      ]);

      const entries = await history(id);
      expect(entries.map((entry) => entry.type)).toEqual([
        'ProjectProposed',
        'GateDecisionRecorded',
        'ProjectStageAdvanced',
        'GateDecisionRecorded',
        'ProjectStageAdvanced',
      ]);
      expect(entries[4].data).toEqual({ projectId: id, from: 'ideate', to: 'develop', advancedOn: '2018-03-30' });
      // One write: one command, one correlation.
      expect(new Set(entries.map((entry) => entry.correlationId)).size).toBe(1);

      const messages = await db.query<{ type: string; payload: Record<string, unknown> }>(
        `SELECT headers->>'ce_type' AS type, payload FROM project.outbox WHERE message_key = $1 ORDER BY id`,
        [id],
      );
      expect(messages.map((m) => m.type)).toEqual([
        'accord.project.proposed.v1',
        'accord.project.gate-decision-recorded.v1',
        'accord.project.stage-advanced.v1',
        'accord.project.gate-decision-recorded.v1',
        'accord.project.stage-advanced.v1',
      ]);
      expect(messages[2].payload).toMatchObject({ from: 'generate', to: 'ideate', advancedOn: '2017-09-29' });
    });

    it('writes nothing when the agreement it runs under is not valid', async () => {
      const title = 'Logged under a draft agreement';
      const response = await post('').send({ ...logged, title, agreementIds: [draftAgreement] });
      expectProblem(response, 422, 'agreement_not_valid');
      expect(await storedWithTitle(title)).toBe(0);
    });

    it('writes nothing when a decision is refused, naming it', async () => {
      const title = 'Logged out of order';
      const response = await post('').send({
        ...logged,
        title,
        gateDecisions: [gate('go', { decidedOn: '2018-03-30' }), gate('go', { decidedOn: '2017-09-29' })],
      });
      expectProblem(response, 422, 'before_previous_decision');
      expect(response.body).toMatchObject({ field: 'gateDecisions.1.decidedOn', gateDecision: 1 });
      expect(await storedWithTitle(title)).toBe(0);

      const tooEarly = await post('').send({
        ...logged,
        title,
        gateDecisions: [gate('go', { decidedOn: '2017-01-01' })],
      });
      expectProblem(tooEarly, 422, 'before_proposed');
      expect(await storedWithTitle(title)).toBe(0);
    });
  });
});
