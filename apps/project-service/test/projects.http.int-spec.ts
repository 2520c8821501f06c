import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { Clock, FakeClock, type HistoryEntry } from '@accord/platform';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import { ProjectServiceModule } from '../src/app.module';
import type { Funnel, OutcomeStats } from '../src/projects/funnel/portfolio.queries';
import type { ProjectView } from '../src/projects/get-project/project.view';
import type { ProjectPage } from '../src/projects/list-projects/list-projects.query';
import { projectService } from '../src/service';
import type { Response } from 'supertest';
import { Client } from 'pg';
import { waitUntil } from '../../../scripts/infra/processes';
import { api } from '../../../test/support/auth';

/**
 * The project service over HTTP, booted in-process on a fresh database with a fake clock. The
 * agreements projects run under are written straight into the service's copy of them
 * (`known_agreements`); learning them from Kafka, and the reaction to one ending, are the
 * end-to-end test's business.
 */

/** The fake clock's "now" at the start of every test: the day proposals and gate decisions are dated. */
const NOW = '2026-06-01T09:00:00Z';
const TODAY = '2026-06-01';

const partner = {
  utokyo: randomUUID(),
  nict: randomUUID(),
  osaka: randomUUID(),
  transgene: randomUUID(),
};
/** A well-formed id that no project, agreement or milestone has. */
const NOBODY = '3f2b7c39-1d1e-4a55-9d2c-8d6c7c5f1e00';

const agreement = {
  utokyoAi: randomUUID(),
  utokyoEthics: randomUUID(),
  utokyoSunset: randomUUID(),
  nictQuantum: randomUUID(),
  osakaGenome: randomUUID(),
  osakaSecretSharing: randomUUID(),
  transgeneTg4050: randomUUID(),
  transgeneFeasibility: randomUUID(),
  transgeneNda: randomUUID(),
  nictTestbed: randomUUID(),
  nictLegacy: randomUUID(),
  nictSuperseded: randomUUID(),
  osakaApproved: randomUUID(),
};
const KNOWN_AGREEMENTS: [string, string, string, string[]][] = [
  [
    agreement.utokyoAi,
    'NEC/University of Tokyo strategic partnership for future AI research',
    'active',
    [partner.utokyo],
  ],
  [agreement.utokyoEthics, 'University of Tokyo joint research on AI ethics and law', 'in_review', [partner.utokyo]],
  // Active at first; the resume tests end it.
  [agreement.utokyoSunset, 'University of Tokyo brain-morphic AI hardware study', 'active', [partner.utokyo]],
  [
    agreement.nictQuantum,
    'NICT joint research: quantum cryptography for biometric data storage',
    'signed',
    [partner.nict],
  ],
  [
    agreement.osakaGenome,
    'Osaka University joint research: secure computation for genome analysis',
    'active',
    [partner.osaka],
  ],
  [
    agreement.osakaSecretSharing,
    'Osaka University joint research on secret sharing for medical data',
    'signed',
    [partner.osaka],
  ],
  [
    agreement.transgeneTg4050,
    'TG4050 individualized neoantigen cancer vaccine co-development',
    'active',
    [partner.transgene],
  ],
  [
    agreement.transgeneFeasibility,
    'Transgene neoantigen prediction feasibility study',
    'terminated',
    [partner.transgene],
  ],
  [agreement.transgeneNda, 'NDA with Transgene on TG4050 trial data', 'draft', [partner.transgene]],
  [agreement.nictTestbed, 'NICT quantum key distribution testbed', 'in_negotiation', [partner.nict]],
  [agreement.nictLegacy, 'NICT joint research on biometric template protection', 'expired', [partner.nict]],
  [agreement.nictSuperseded, 'NICT memorandum on secure networks', 'superseded', [partner.nict]],
  [agreement.osakaApproved, 'Osaka University data-sharing agreement', 'approved', [partner.osaka]],
];

const brainMorphic = {
  title: '  Brain-morphic AI: low-power information processing modelled on the brain  ',
  agreementIds: [agreement.utokyoAi],
  leadPartnerIds: [partner.utokyo],
  technologyAreas: ['AI', 'Brain-morphic AI', ' brain_morphic  AI '],
  budget: { amount: 250_000_000, currency: 'jpy' },
  team: [
    { memberRef: 'emp-10442', role: 'project_lead', organisation: 'company' },
    { memberRef: 'utokyo-staff-0311', role: 'researcher', organisation: 'partner' },
  ],
};

const biometricVault = {
  title: 'Quantum-cryptography secured storage of biometric data',
  agreementIds: [agreement.nictQuantum],
  leadPartnerIds: [partner.nict],
  technologyAreas: ['Quantum Cryptography', 'Biometrics'],
  budget: { amount: 180_000_000, currency: 'JPY' },
};

const genomeAnalysis = {
  title: 'Secure computation for genome analysis',
  agreementIds: [agreement.osakaGenome],
  leadPartnerIds: [partner.osaka],
  technologyAreas: ['Secure Computation', 'Genome Analysis'],
  budget: { amount: 90_000_000, currency: 'JPY' },
};

const tg4050 = {
  title: 'TG4050 Phase I trials: AI-predicted neoantigen cancer vaccine',
  agreementIds: [agreement.transgeneTg4050],
  leadPartnerIds: [partner.transgene],
  technologyAreas: ['AI', 'Healthcare', 'Cancer Vaccines'],
  budget: { amount: 2_000_000, currency: 'EUR' },
};

interface GateDecisionView {
  gate: string;
  stage: string;
  decision: string;
  gatekeepers: string[];
  criteria: Record<string, number>;
  notes: string | null;
  decidedOn: string;
}
interface MilestoneView {
  id: string;
  name: string;
  plannedDate: string;
  actualDate: string | null;
  evidence: string | null;
  completed: boolean;
}
interface OutcomeView {
  id: string;
  kind: string;
  title: string;
  occurredOn: string;
  partnerIds: string[];
  patent: { jurisdiction: string; applicationNumber: string } | null;
  relatesTo: string | null;
  spinOutCompany: string | null;
}
type Detail = Omit<ProjectView, 'gateDecisions' | 'milestones' | 'outcomes'> & {
  gateDecisions: GateDecisionView[];
  milestones: MilestoneView[];
  outcomes: OutcomeView[];
};
interface Write {
  id: string;
  version: number;
}
interface RecentDecision {
  projectId: string;
  title: string;
  gate: string;
  decision: string;
  decidedOn: string;
  gatekeepers: string[];
}

const GATEKEEPERS = ['cto-office', 'ai-research-director'];
const CRITERIA = { strategicFit: 5, technicalFeasibility: 4, marketPotential: 3 };
const gate = (decision: string, extra: object = {}) => ({
  decision,
  gatekeepers: GATEKEEPERS,
  criteria: CRITERIA,
  ...extra,
});

const idsOf = (page: ProjectPage) => page.items.map((item) => item.id);

describe('project-service HTTP API', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new FakeClock(new Date(NOW));
  const http = () => api(app);
  /** Requests to `/projects<path>`. */
  const post = (path: string) => http().post(`/projects${path}`);
  const get = (path: string) => http().get(`/projects${path}`);
  const proposing = (body: object) => http().post('/projects').send(body);

  const fieldsOf = (response: Response) =>
    (response.body.errors as { field: string }[]).map((error) => error.field).sort();
  const messageOf = (response: Response, field: string) =>
    (response.body.errors as { field: string; message: string }[]).find((error) => error.field === field)?.message;

  function expectProblem(response: Response, status: number, code: string): void {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  }

  async function propose(body: object): Promise<string> {
    return ((await proposing(body).expect(201)).body as Write).id;
  }

  async function detail(id: string): Promise<Detail> {
    return (await get(`/${id}`).expect(200)).body as Detail;
  }

  /** An agreement this service knows as active, about to be terminated. */
  async function agreementAboutToEnd(title: string): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO project.known_agreements (agreement_id, title, status, partner_ids, version, updated_at)
       VALUES ($1, $2, 'active', $3, 1, now())`,
      [id, title, [partner.utokyo]],
    );
    return id;
  }

  /**
   * Runs `act` while the agreement consumer is half-way through recording the agreement's end (its
   * transaction updated the row and has not committed); commits once `written` finds what `act`
   * stored, then hands `act`'s outcome to `check`.
   */
  async function endingMeanwhile<T>(
    agreementId: string,
    act: () => Promise<T>,
    written: string,
    check: (outcome: T) => Promise<void>,
  ): Promise<void> {
    const consumer = new Client({ connectionString: db.url });
    await consumer.connect();
    try {
      await consumer.query('BEGIN');
      await consumer.query(
        `UPDATE project.known_agreements SET status = 'terminated', version = 2 WHERE agreement_id = $1`,
        [agreementId],
      );
      const acting = act();
      await waitUntil(async () => (await db.query(written)).length > 0, 10_000, 20);
      await consumer.query('COMMIT');
      await check(await acting);
    } finally {
      await consumer.end();
    }
  }

  async function history(id: string): Promise<HistoryEntry[]> {
    return (await get(`/${id}/history`).expect(200)).body as HistoryEntry[];
  }

  async function list(query: string): Promise<ProjectPage> {
    return (await get(`?${query}`).expect(200)).body as ProjectPage;
  }

  async function review(id: string, decision: string, extra: object = {}): Promise<Write> {
    return (await post(`/${id}/gate-reviews`).send(gate(decision, extra)).expect(200)).body as Write;
  }

  async function outcome(id: string, body: object): Promise<string> {
    return ((await post(`/${id}/outcomes`).send(body).expect(201)).body as { outcomeId: string }).outcomeId;
  }

  async function funnel(): Promise<Funnel> {
    return (await get('/funnel').expect(200)).body as Funnel;
  }

  async function outcomeStats(): Promise<OutcomeStats> {
    return (await get('/outcomes').expect(200)).body as OutcomeStats;
  }

  /** Every project in the register, through the paged list. */
  async function everyProject(): Promise<ProjectPage['items']> {
    const items: ProjectPage['items'] = [];
    for (let page = 1; ; page++) {
      const result = await list(`pageSize=100&page=${page}`);
      items.push(...result.items);
      if (items.length >= result.total || result.items.length === 0) return items;
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase('projects_http');
    app = await bootService(projectService, ProjectServiceModule, { DATABASE_URL: db.url }, (builder) =>
      builder.overrideProvider(Clock).useValue(clock),
    );
    for (const [id, title, status, partnerIds] of KNOWN_AGREEMENTS) {
      await db.query(
        `INSERT INTO project.known_agreements (agreement_id, title, status, partner_ids, version, updated_at)
         VALUES ($1, $2, $3, $4, 1, now())`,
        [id, title, status, partnerIds],
      );
    }
  });

  beforeEach(() => clock.set(NOW));

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('POST /projects', () => {
    it('proposes a project: 201 with Location and ETag "1"; it starts in Generate, active, normalised', async () => {
      const response = await proposing(brainMorphic).expect(201);
      const { id } = response.body as Write;
      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 1 });
      expect(response.headers.location).toBe(`/projects/${id}`);
      expect(response.headers.etag).toBe('"1"');

      const view = await http().get(response.headers.location).expect(200);
      expect(view.headers.etag).toBe('"1"');
      expect(view.body).toEqual({
        id,
        title: 'Brain-morphic AI: low-power information processing modelled on the brain',
        stage: 'generate',
        status: 'active',
        agreementIds: [agreement.utokyoAi],
        leadPartnerIds: [partner.utokyo],
        technologyAreas: ['ai', 'brain-morphic-ai'],
        budget: { amount: 250_000_000, currency: 'JPY' },
        spent: 0,
        overBudget: false,
        flaggedAgreements: [],
        flagged: false,
        statusSince: TODAY,
        lastActivityOn: TODAY,
        version: 1,
        updatedAt: expect.any(String),
        proposedOn: TODAY,
        team: brainMorphic.team,
        gateDecisions: [],
        milestones: [],
        outcomes: [],
      });
      expect(Number.isNaN(Date.parse((view.body as Detail).updatedAt))).toBe(false);
    });

    it('leaves out the optional parts, and accepts ids in upper case under several agreements', async () => {
      const id = await propose({
        title: 'Brain-morphic AI meets quantum-secured biometrics',
        agreementIds: [agreement.utokyoAi.toUpperCase(), agreement.nictQuantum],
        leadPartnerIds: [partner.utokyo, partner.nict.toUpperCase()],
        budget: { amount: 1_500_000.5, currency: 'usd' },
      });
      expect(await detail(id)).toMatchObject({
        agreementIds: [agreement.utokyoAi, agreement.nictQuantum],
        leadPartnerIds: [partner.utokyo, partner.nict],
        technologyAreas: [],
        team: [],
        budget: { amount: 1_500_000.5, currency: 'USD' },
      });
    });

    it('names every bad field in one 400, once each, and writes nothing', async () => {
      const before = (await list('pageSize=1')).total;
      const response = await proposing({
        title: '   ',
        agreementIds: [],
        leadPartnerIds: ['University of Tokyo', 'University of Tokyo'],
        technologyAreas: 'ai',
        budget: { amount: -1500.255, currency: 'YEN' },
        team: [{ memberRef: 'emp-10442', role: 'professor', organisation: 'company' }],
        priority: 'high',
      }).expect(400);
      expectProblem(response, 400, 'validation_failed');
      expect(fieldsOf(response)).toEqual([
        'agreementIds',
        'budget.amount',
        'budget.currency',
        'leadPartnerIds',
        'priority',
        'team.0.role',
        'technologyAreas',
        'title',
      ]);
      // A negative amount with three decimals: the message says what an amount must be.
      expect(messageOf(response, 'budget.amount')).toMatch(/from 0 to .* with at most two decimals/);
      expect(messageOf(response, 'leadPartnerIds')).toMatch(/UUID/);
      expect(messageOf(response, 'leadPartnerIds')).toMatch(/unique/);
      expect(messageOf(response, 'agreementIds')).toMatch(/at least 1/);
      expect(messageOf(response, 'priority')).toMatch(/should not exist/);
      expect((await list('pageSize=1')).total).toBe(before);
    });

    it('names agreementIds when they are not UUIDs or repeat one (in any case); budget.amount for 3 decimals', async () => {
      const cases: [object, string[]][] = [
        [{ agreementIds: ['UTOKYO-2016-AI-001'] }, ['agreementIds']],
        [{ agreementIds: [agreement.utokyoAi, agreement.utokyoAi.toUpperCase()] }, ['agreementIds']],
        [{ budget: { amount: 1_000_000.125, currency: 'JPY' } }, ['budget.amount']],
        [{ budget: { amount: -1, currency: 'JPY' } }, ['budget.amount']],
        [{ budget: { amount: '250000000', currency: 'JPY' } }, ['budget.amount']],
        [
          { team: [{ memberRef: '', role: 'researcher', organisation: 'university' }] },
          ['team.0.memberRef', 'team.0.organisation'],
        ],
      ];
      for (const [change, fields] of cases) {
        const response = await proposing({ ...brainMorphic, ...change });
        expect({ change, status: response.status, fields: fieldsOf(response) }).toEqual({
          change,
          status: 400,
          fields,
        });
      }
    });

    it('names a missing budget in a 400', async () => {
      const { budget: _, ...withoutBudget } = brainMorphic;
      const before = (await list('pageSize=1')).total;
      // A proposal without a budget is a 400 naming it (once a 500: an absent nested object slipped through).
      const response = await proposing(withoutBudget);
      expect({ status: response.status, fields: response.body.errors && fieldsOf(response) }).toEqual({
        status: 400,
        fields: ['budget'],
      });
      expect(fieldsOf(await proposing({}).expect(400))).toEqual(['agreementIds', 'budget', 'leadPartnerIds', 'title']);
      expect((await list('pageSize=1')).total).toBe(before);
    });

    it('refuses a budget too large to store with a 400, not a 500, and writes nothing', async () => {
      const before = (await list('pageSize=1')).total;
      // Amounts beyond what the register stores exactly are refused up front (once a 500 from the database).
      const response = await proposing({ ...brainMorphic, budget: { amount: 1e16, currency: 'JPY' } });
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'validation_failed' });
      expect((await list('pageSize=1')).total).toBe(before);
    });

    it('answers agreements that are not signed or active with 422 agreement_not_valid, naming each and its state', async () => {
      const response = await proposing({
        ...brainMorphic,
        agreementIds: [agreement.utokyoAi, agreement.utokyoEthics, agreement.transgeneFeasibility, NOBODY],
      }).expect(422);
      expectProblem(response, 422, 'agreement_not_valid');
      expect(response.body.agreements).toEqual({
        [agreement.utokyoEthics]: 'pending',
        [agreement.transgeneFeasibility]: 'ended',
        [NOBODY]: 'unknown',
      });
      for (const id of [agreement.utokyoEthics, agreement.transgeneFeasibility, NOBODY]) {
        expect(response.body.detail).toContain(id);
      }
      expect(response.body.detail).not.toContain(agreement.utokyoAi);

      // Every state the agreement service publishes, as this service reads it.
      const states: [string, string, string][] = [
        [agreement.transgeneNda, partner.transgene, 'pending'],
        [agreement.nictTestbed, partner.nict, 'pending'],
        [agreement.osakaApproved, partner.osaka, 'pending'],
        [agreement.nictLegacy, partner.nict, 'ended'],
        [agreement.nictSuperseded, partner.nict, 'ended'],
      ];
      for (const [id, lead, state] of states) {
        const refused = await proposing({ ...biometricVault, agreementIds: [id], leadPartnerIds: [lead] });
        expectProblem(refused, 422, 'agreement_not_valid');
        expect(refused.body.agreements).toEqual({ [id]: state });
      }
      expect((await list(`agreementId=${agreement.utokyoEthics}`)).total).toBe(0);
      expect((await list(`agreementId=${agreement.nictLegacy}`)).total).toBe(0);
    });

    it('answers lead partners that are no party to its agreements with 422 lead_not_a_party', async () => {
      const response = await proposing({
        ...brainMorphic,
        leadPartnerIds: [partner.utokyo, partner.nict, partner.osaka],
      }).expect(422);
      expectProblem(response, 422, 'lead_not_a_party');
      expect(response.body.partnerIds).toEqual([partner.nict, partner.osaka]);
      expect(response.body.detail).toContain(partner.nict);
      expect((await list(`partnerId=${partner.nict}&technologyArea=brain-morphic-ai`)).total).toBe(0);
    });
    it('flags a project proposed while its agreement ends, and puts it on hold (the check and the end raced)', async () => {
      const ending = await agreementAboutToEnd('University of Tokyo alliance about to end');
      // The consumer has recorded the termination and searched for the agreement's open projects
      // before this one existed (it found none), but has not committed yet. The proposal's check
      // still reads the agreement as active.
      await endingMeanwhile(
        ending,
        () => proposing({ ...brainMorphic, agreementIds: [ending] }).then((response) => response),
        `SELECT 1 FROM project.project_register WHERE '${ending}' = ANY(agreement_ids)`,
        async (proposal) => {
          const { id } = proposal.body as Write;
          expect(await detail(id)).toMatchObject({ status: 'on_hold', flaggedAgreements: [ending], flagged: true });
          expect((await history(id)).map((entry) => entry.type)).toEqual([
            'ProjectProposed',
            'ProjectFlagged',
            'ProjectPutOnHold',
          ]);
        },
      );
    });
  });

  describe('POST /projects/:id/gate-reviews', () => {
    const newProject = (title: string) => propose({ ...brainMorphic, title });

    it('advances on GO through Generate, Ideate, Develop and Launch, and completes on GO at Launch', async () => {
      const id = await newProject('Brain-morphic AI processor: from concept to launch');
      const stages = ['generate', 'ideate', 'develop', 'launch'];
      for (const [index, from] of stages.slice(0, 3).entries()) {
        const version = 1 + index * 2;
        const response = await post(`/${id}/gate-reviews`)
          .set('If-Match', `"${version}"`)
          .send(gate('go', { notes: `Passed the ${from} gate` }))
          .expect(200);
        // Two events: the decision, and the stage advanced.
        expect(response.body).toEqual({ id, version: version + 2 });
        expect(response.headers.etag).toBe(`"${version + 2}"`);
        expect(await detail(id)).toMatchObject({ stage: stages[index + 1], status: 'active', version: version + 2 });
      }
      const last = await review(id, 'go');
      expect(last).toEqual({ id, version: 9 });
      const view = await detail(id);
      expect(view).toMatchObject({ stage: 'launch', status: 'completed', version: 9 });
      expect(view.gateDecisions).toEqual([
        ...['generate→ideate', 'ideate→develop', 'develop→launch'].map((label, index) => ({
          gate: label,
          stage: stages[index],
          decision: 'go',
          gatekeepers: GATEKEEPERS,
          criteria: CRITERIA,
          notes: `Passed the ${stages[index]} gate`,
          decidedOn: TODAY,
        })),
        {
          gate: 'launch→close',
          stage: 'launch',
          decision: 'go',
          gatekeepers: GATEKEEPERS,
          criteria: CRITERIA,
          notes: null,
          decidedOn: TODAY,
        },
      ]);
      expect((await history(id)).slice(-2).map((entry) => entry.type)).toEqual([
        'GateDecisionRecorded',
        'ProjectCompleted',
      ]);
    });

    it('KILL closes the project, with the notes as reason', async () => {
      const id = await newProject('Brain-morphic AI for always-on sensors');
      await review(id, 'go');
      expect(await review(id, 'kill', { notes: 'Power budget cannot be met with current process node' })).toEqual({
        id,
        version: 5,
      });
      expect(await detail(id)).toMatchObject({ stage: 'ideate', status: 'killed' });
      expect((await history(id)).at(-1)).toMatchObject({
        type: 'ProjectKilled',
        data: { projectId: id, reason: 'Power budget cannot be met with current process node' },
      });
    });

    it('HOLD pauses the project; a decision on it is 422 project_on_hold until resumed', async () => {
      const id = await newProject('Brain-morphic AI accelerator for edge robotics');
      await review(id, 'hold');
      const view = await detail(id);
      expect(view).toMatchObject({ stage: 'generate', status: 'on_hold', version: 3 });
      expect(view.gateDecisions.map((d) => [d.gate, d.decision])).toEqual([['generate→ideate', 'hold']]);
      expect((await history(id)).at(-1)).toMatchObject({
        type: 'ProjectPutOnHold',
        data: { reason: 'held at the generate gate' },
      });
      for (const decision of ['go', 'kill', 'hold', 'recycle']) {
        expectProblem(await post(`/${id}/gate-reviews`).send(gate(decision)), 422, 'project_on_hold');
      }
      expect((await detail(id)).version).toBe(3);
    });

    it('RECYCLE records the decision and stays in the stage', async () => {
      const id = await newProject('Brain-morphic AI: recycled concept');
      expect(await review(id, 'recycle', { notes: 'Revisit with the new chip' })).toEqual({ id, version: 2 });
      const view = await detail(id);
      expect(view).toMatchObject({ stage: 'generate', status: 'active', version: 2 });
      expect(view.gateDecisions).toEqual([expect.objectContaining({ decision: 'recycle', gate: 'generate→ideate' })]);
      await review(id, 'go');
      expect((await detail(id)).stage).toBe('ideate');
    });

    it('names each criterion scored outside 1 to 5 (or not a whole number) in a 400, and records nothing', async () => {
      const id = await newProject('Brain-morphic AI: badly scored');
      const response = await post(`/${id}/gate-reviews`)
        .send(
          gate('go', {
            criteria: { strategicFit: 6, technicalFeasibility: 0, marketPotential: 3.5, teamStrength: 4, risk: '5' },
          }),
        )
        .expect(400);
      expectProblem(response, 400, 'criteria_out_of_range');
      expect(fieldsOf(response)).toEqual([
        'criteria.marketPotential',
        'criteria.risk',
        'criteria.strategicFit',
        'criteria.technicalFeasibility',
      ]);
      expect(await detail(id)).toMatchObject({ stage: 'generate', version: 1, gateDecisions: [] });
    });

    it('names every bad field of a review in a 400: no gatekeepers, an unknown decision, criteria not an object', async () => {
      const id = await newProject('Brain-morphic AI: malformed reviews');
      const noGatekeepers = await post(`/${id}/gate-reviews`)
        .send(gate('go', { gatekeepers: [] }))
        .expect(400);
      expectProblem(noGatekeepers, 400, 'validation_failed');
      expect(fieldsOf(noGatekeepers)).toEqual(['gatekeepers']);
      const several = await post(`/${id}/gate-reviews`)
        .send({ decision: 'maybe', gatekeepers: [''], criteria: [5, 4], notes: 42, decidedOn: '2026-06-31' })
        .expect(400);
      expect(fieldsOf(several)).toEqual(['criteria', 'decidedOn', 'decision', 'gatekeepers', 'notes']);
      expect(fieldsOf(await post(`/${id}/gate-reviews`).send({}).expect(400))).toEqual([
        'criteria',
        'decision',
        'gatekeepers',
      ]);
      expect((await detail(id)).version).toBe(1);
    });

    it('answers a decision on a closed project with 422 project_closed', async () => {
      const killed = await newProject('Brain-morphic AI: killed early');
      await review(killed, 'kill');
      const completed = await newProject('Brain-morphic AI: completed');
      for (let step = 0; step < 4; step++) await review(completed, 'go');
      expect((await detail(completed)).status).toBe('completed');
      for (const id of [killed, completed]) {
        const { version } = await detail(id);
        for (const decision of ['go', 'recycle']) {
          expectProblem(await post(`/${id}/gate-reviews`).send(gate(decision)), 422, 'project_closed');
        }
        expect((await detail(id)).version).toBe(version);
      }
    });

    it('answers a stale If-Match with 412 and the current version; a malformed one with 400', async () => {
      const id = await newProject('Brain-morphic AI: two reviewers at once');
      await review(id, 'recycle');
      const stale = await post(`/${id}/gate-reviews`).set('If-Match', '"1"').send(gate('go')).expect(412);
      expectProblem(stale, 412, 'version_conflict');
      expect(stale.body.currentVersion).toBe(2);
      expect(await detail(id)).toMatchObject({ stage: 'generate', version: 2 });
      await post(`/${id}/gate-reviews`).set('If-Match', 'W/"2"').send(gate('go')).expect(200, { id, version: 4 });
      const malformed = await post(`/${id}/gate-reviews`).set('If-Match', 'four').send(gate('go')).expect(400);
      expect(malformed.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((await detail(id)).version).toBe(4);
    });

    it('answers 404 for an unknown project and 400 for a malformed id', async () => {
      expectProblem(await post(`/${NOBODY}/gate-reviews`).send(gate('go')), 404, 'project_not_found');
      const malformed = await post('/brain-morphic/gate-reviews').send(gate('go')).expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });
  });

  describe('POST /projects/:id/resume', () => {
    it('resumes a project on hold (200, a new version); resuming an active one changes nothing', async () => {
      const id = await propose({ ...brainMorphic, title: 'Brain-morphic AI: paused for funding' });
      await review(id, 'hold', { notes: 'Waiting for next fiscal year' });
      const resumed = await post(`/${id}/resume`).set('If-Match', '"3"').expect(200);
      expect(resumed.body).toEqual({ id, version: 4 });
      expect(resumed.headers.etag).toBe('"4"');
      expect(await detail(id)).toMatchObject({ status: 'active', stage: 'generate', version: 4 });
      expect((await history(id)).at(-1)).toMatchObject({ type: 'ProjectResumed', data: { projectId: id } });

      const again = await post(`/${id}/resume`).expect(200);
      expect(again.body).toEqual({ id, version: 4 });
      expect(again.headers.etag).toBe('"4"');
      await review(id, 'go');
      expect((await detail(id)).stage).toBe('ideate');
    });

    it('answers a closed project with 422 project_closed, a stale If-Match with 412, unknown with 404', async () => {
      const id = await propose({ ...brainMorphic, title: 'Brain-morphic AI: closed for good' });
      const held = await propose({ ...brainMorphic, title: 'Brain-morphic AI: held, then raced' });
      await review(held, 'hold');
      const stale = await post(`/${held}/resume`).set('If-Match', '"1"').expect(412);
      expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 3 });
      expect((await detail(held)).status).toBe('on_hold');

      await review(id, 'kill');
      expectProblem(await post(`/${id}/resume`), 422, 'project_closed');
      expect((await detail(id)).status).toBe('killed');
      expectProblem(await post(`/${NOBODY}/resume`), 404, 'project_not_found');
      const malformed = await post('/nope/resume').expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });

    it('refuses to resume when no signed or active agreement covers the project any more (422)', async () => {
      const id = await propose({
        ...brainMorphic,
        title: 'Brain-morphic AI hardware study',
        agreementIds: [agreement.utokyoSunset],
      });
      await review(id, 'hold');
      await db.query(`UPDATE project.known_agreements SET status = 'terminated', version = 2 WHERE agreement_id = $1`, [
        agreement.utokyoSunset,
      ]);
      expectProblem(await post(`/${id}/resume`), 422, 'no_valid_agreement');
      expect(await detail(id)).toMatchObject({ status: 'on_hold', version: 3 });
    });

    it('puts a project resumed while its only agreement ends back on hold (the check and the end raced)', async () => {
      const ending = await agreementAboutToEnd('University of Tokyo study about to end');
      const id = await propose({
        ...brainMorphic,
        title: 'Brain-morphic AI: resumed too late',
        agreementIds: [ending],
      });
      await review(id, 'hold');
      // The consumer would also have flagged the project, which, on hold, would have stayed as it
      // was. The resumption's check still reads the agreement as active.
      await endingMeanwhile(
        ending,
        () => post(`/${id}/resume`).then((response) => response),
        `SELECT 1 FROM project.project_register WHERE project_id = '${id}' AND status = 'active'`,
        async (resumption) => {
          expect(resumption.status).toBe(200);
          expect(await detail(id)).toMatchObject({ status: 'on_hold', version: 5 });
          const entries = await history(id);
          expect(entries.slice(-2).map((entry) => entry.type)).toEqual(['ProjectResumed', 'ProjectPutOnHold']);
          expect(entries.at(-1)?.data).toMatchObject({ reason: expect.stringContaining(`${ending} (ended)`) });
        },
      );
    });
  });

  describe('milestones', () => {
    let id: string;
    const plan = async (body: object) =>
      ((await post(`/${id}/milestones`).send(body).expect(201)).body as { milestoneId: string }).milestoneId;

    beforeAll(async () => {
      // Proposed last year: its milestones were completed before today.
      id = await propose({ ...brainMorphic, title: 'Brain-morphic AI prototype chip', proposedOn: '2025-04-01' });
    });

    it('plans a milestone: 201 with its id and the new version; the detail lists them by planned date', async () => {
      const { version } = await detail(id);
      const response = await post(`/${id}/milestones`)
        .set('If-Match', `"${version}"`)
        .send({ name: 'Prototype of the brain-morphic processor', plannedDate: '2027-03-31' })
        .expect(201);
      expect(response.body).toEqual({
        id,
        version: version + 1,
        milestoneId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(response.headers.etag).toBe(`"${version + 1}"`);
      const earlier = await plan({ name: 'Spiking network simulator', plannedDate: '2026-12-15' });
      const { milestones } = await detail(id);
      expect(milestones).toEqual([
        {
          id: earlier,
          name: 'Spiking network simulator',
          plannedDate: '2026-12-15',
          actualDate: null,
          evidence: null,
          completed: false,
        },
        {
          id: response.body.milestoneId,
          name: 'Prototype of the brain-morphic processor',
          plannedDate: '2027-03-31',
          actualDate: null,
          evidence: null,
          completed: false,
        },
      ]);
    });

    it('names a bad date, an empty name or an unknown field in a 400', async () => {
      const { version } = await detail(id);
      for (const plannedDate of ['2027-02-30', '31/03/2027', '2027-03-31T00:00:00Z', 20270331]) {
        const response = await post(`/${id}/milestones`).send({ name: 'Tape-out', plannedDate }).expect(400);
        expect(fieldsOf(response)).toEqual(['plannedDate']);
      }
      const several = await post(`/${id}/milestones`).send({ name: '', owner: 'emp-10442' }).expect(400);
      expect(fieldsOf(several)).toEqual(['name', 'owner', 'plannedDate']);
      expect((await detail(id)).version).toBe(version);
      expectProblem(
        await post(`/${NOBODY}/milestones`).send({ name: 'Tape-out', plannedDate: '2027-01-31' }),
        404,
        'project_not_found',
      );
    });

    it('completes a milestone with its evidence; completing it again changes nothing', async () => {
      const milestoneId = await plan({ name: 'Power measurement of the test chip', plannedDate: '2027-06-30' });
      const done = await post(`/${id}/milestones/${milestoneId}/complete`)
        .send({ actualDate: '2026-05-12', evidence: 'Lab report BM-2027-014: 1.2 mW at 1k neurons' })
        .expect(200);
      const { version } = done.body as Write;
      expect(done.headers.etag).toBe(`"${version}"`);
      expect((await detail(id)).milestones.find((m) => m.id === milestoneId)).toEqual({
        id: milestoneId,
        name: 'Power measurement of the test chip',
        plannedDate: '2027-06-30',
        actualDate: '2026-05-12',
        evidence: 'Lab report BM-2027-014: 1.2 mW at 1k neurons',
        completed: true,
      });
      const again = await post(`/${id}/milestones/${milestoneId}/complete`)
        .send({ actualDate: '2026-05-20', evidence: 'A second report' })
        .expect(200);
      expect(again.body).toEqual({ id, version });
      expect((await detail(id)).milestones.find((m) => m.id === milestoneId)?.actualDate).toBe('2026-05-12');

      // Evidence is optional.
      const bare = await plan({ name: 'Internal demo', plannedDate: '2026-05-25' });
      await post(`/${id}/milestones/${bare}/complete`).send({ actualDate: '2026-05-25' }).expect(200);
      expect((await detail(id)).milestones.find((m) => m.id === bare)).toMatchObject({
        evidence: null,
        completed: true,
      });
    });

    it('answers an unknown milestone with 404, a malformed one or a bad date with 400', async () => {
      expectProblem(
        await post(`/${id}/milestones/${NOBODY}/complete`).send({ actualDate: '2027-01-01' }),
        404,
        'milestone_not_found',
      );
      const malformed = await post(`/${id}/milestones/prototype/complete`)
        .send({ actualDate: '2027-01-01' })
        .expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'milestoneId', message: 'milestoneId must be a UUID' }]);
      const milestoneId = await plan({ name: 'Paper submission', plannedDate: '2027-09-30' });
      for (const body of [{}, { actualDate: '2027-09-31' }, { actualDate: '2027-09-30', evidence: 7 }]) {
        const response = await post(`/${id}/milestones/${milestoneId}/complete`).send(body).expect(400);
        expect(fieldsOf(response).length).toBe(1);
      }
      expect((await detail(id)).milestones.find((m) => m.id === milestoneId)?.completed).toBe(false);
      expectProblem(
        await post(`/${NOBODY}/milestones/${milestoneId}/complete`).send({ actualDate: '2027-01-01' }),
        404,
        'project_not_found',
      );
    });

    it('refuses to plan a milestone on a closed project (422 project_closed)', async () => {
      const closed = await propose({ ...brainMorphic, title: 'Brain-morphic AI: stopped before milestones' });
      await review(closed, 'kill');
      expectProblem(
        await post(`/${closed}/milestones`).send({ name: 'Prototype', plannedDate: '2027-03-31' }),
        422,
        'project_closed',
      );
    });
  });

  describe('budget and spend', () => {
    const spend = (id: string, amount: number, spentOn = TODAY, currency = 'EUR') =>
      post(`/${id}/spend`).send({ amount, currency, description: 'Trial site costs', spentOn });

    it('commits more budget in the project currency (any case): 200 with the new version', async () => {
      const id = await propose(tg4050);
      const response = await post(`/${id}/budget`)
        .set('If-Match', '"1"')
        .send({ amount: 500_000.5, currency: 'eur' })
        .expect(200);
      expect(response.body).toEqual({ id, version: 2 });
      expect(response.headers.etag).toBe('"2"');
      expect(await detail(id)).toMatchObject({ budget: { amount: 2_500_000.5, currency: 'EUR' }, version: 2 });
      expect((await history(id)).at(-1)).toMatchObject({
        type: 'BudgetCommitted',
        data: { amount: 500_000.5, currency: 'EUR', totalBudget: 2_500_000.5 },
      });
    });

    it('answers another currency with 422 currency_mismatch; zero, negative or bad amounts with 400', async () => {
      const id = await propose(tg4050);
      const mismatch = await post(`/${id}/budget`).send({ amount: 100_000, currency: 'JPY' }).expect(422);
      expectProblem(mismatch, 422, 'currency_mismatch');
      expect(mismatch.body.detail).toContain('EUR');
      const bad: [object, string[]][] = [
        [{ amount: 0, currency: 'EUR' }, ['amount']],
        [{ amount: -50_000, currency: 'EUR' }, ['amount']],
        [{ amount: 100.001, currency: 'EUR' }, ['amount']],
        [{ amount: '100000', currency: 'EUR' }, ['amount']],
        [{ amount: 100_000, currency: 'EURO' }, ['currency']],
        [{ amount: 100_000 }, ['currency']],
        [{ amount: 100_000, currency: 'EUR', reason: 'Phase II' }, ['reason']],
      ];
      for (const [body, fields] of bad) {
        const response = await post(`/${id}/budget`).send(body);
        expect({ body, status: response.status, fields: fieldsOf(response) }).toEqual({ body, status: 400, fields });
      }
      expect(await detail(id)).toMatchObject({ budget: { amount: 2_000_000 }, version: 1 });
      expectProblem(await post(`/${NOBODY}/budget`).send({ amount: 1, currency: 'EUR' }), 404, 'project_not_found');
    });

    it('answers an amount too small to write in decimals (0.0000001) with 400, not a 500', async () => {
      const id = await propose(tg4050);
      // JSON 0.0000001 is the number 1e-7: its decimals must be counted, not crash the validator.
      // An amount written in exponent notation is checked as a number (once a 500 inside class-validator).
      const commit = await post(`/${id}/budget`)
        .set('Content-Type', 'application/json')
        .send('{"amount": 0.0000001, "currency": "EUR"}');
      expect({ status: commit.status, code: commit.body.code }).toEqual({ status: 400, code: 'validation_failed' });
      const spent = await post(`/${id}/spend`)
        .set('Content-Type', 'application/json')
        .send('{"amount": 0.0000001, "currency": "EUR", "description": "Rounding", "spentOn": "2026-06-01"}');
      expect({ status: spent.status, code: spent.body.code }).toEqual({ status: 400, code: 'validation_failed' });
    });

    it('refuses a commitment or a spend too large to store with a 400, not a 500', async () => {
      const id = await propose(tg4050);
      // Too large a budget or spend is a 400 (once a 500 from the database).
      const commit = await post(`/${id}/budget`).send({ amount: 1e16, currency: 'EUR' });
      expect({ status: commit.status, code: commit.body.code }).toEqual({ status: 400, code: 'validation_failed' });
      const spent = await post(`/${id}/spend`).send({
        amount: 1e16,
        currency: 'EUR',
        description: 'Phase II',
        spentOn: TODAY,
      });
      expect({ status: spent.status, code: spent.body.code }).toEqual({ status: 400, code: 'validation_failed' });
      expect(await detail(id)).toMatchObject({ budget: { amount: 2_000_000 }, spent: 0, version: 1 });
    });

    it('refuses to commit budget to a closed project (422 project_closed)', async () => {
      const id = await propose(tg4050);
      await review(id, 'kill', { notes: 'Trial stopped by the sponsor' });
      expectProblem(await post(`/${id}/budget`).send({ amount: 1_000, currency: 'EUR' }), 422, 'project_closed');
    });

    it('accumulates spend to the cent, flags it once past the budget, and unflags when more is committed', async () => {
      const id = await propose(tg4050);
      const amounts = [1_200_000.1, 799_999.7, 0.2];
      const totals = [1_200_000.1, 1_999_999.8, 2_000_000];
      for (const [index, amount] of amounts.entries()) {
        const response = await spend(id, amount).expect(200);
        expect(response.body).toEqual({ id, version: index + 2 });
        // Exactly at the budget is not over it.
        expect(await detail(id)).toMatchObject({ spent: totals[index], overBudget: false });
      }
      await spend(id, 0.01, TODAY, 'eur').expect(200);
      expect(await detail(id)).toMatchObject({ spent: 2_000_000.01, overBudget: true, status: 'active' });
      const recorded = (await history(id)).filter((entry) => entry.type === 'SpendRecorded').map((e) => e.data);
      expect(recorded.map((data) => (data as { totalSpent: number }).totalSpent)).toEqual([...totals, 2_000_000.01]);
      expect(recorded.at(-1)).toEqual({
        projectId: id,
        amount: 0.01,
        currency: 'EUR',
        description: 'Trial site costs',
        spentOn: TODAY,
        totalSpent: 2_000_000.01,
        overBudget: true,
      });
      expect(idsOf(await list(`partnerId=${partner.transgene}&pageSize=100`))).toContain(id);
      const summary = (await list(`partnerId=${partner.transgene}&pageSize=100`)).items.find((item) => item.id === id);
      expect(summary).toMatchObject({ spent: 2_000_000.01, overBudget: true });

      await post(`/${id}/budget`).send({ amount: 100_000, currency: 'EUR' }).expect(200);
      expect(await detail(id)).toMatchObject({ budget: { amount: 2_100_000 }, spent: 2_000_000.01, overBudget: false });
    });

    it('does not flag spend that exactly meets a budget raised by a commitment with cents', async () => {
      const id = await propose({ ...tg4050, budget: { amount: 1_800_000.4, currency: 'EUR' } });
      await post(`/${id}/budget`).send({ amount: 200_000.2, currency: 'EUR' }).expect(200);
      expect((await detail(id)).budget.amount).toBe(2_000_000.6);
      await spend(id, 2_000_000.6).expect(200);
      // Budget and spend are summed to the cent: spending exactly the budget is not over it.
      expect(await detail(id)).toMatchObject({
        budget: { amount: 2_000_000.6 },
        spent: 2_000_000.6,
        overBudget: false,
      });
    });

    it('names bad spend fields in a 400; another currency is 422 currency_mismatch', async () => {
      const id = await propose(tg4050);
      for (const spentOn of ['2026-02-30', '01/07/2026', '2026-07-01T10:00:00Z']) {
        expect(fieldsOf(await spend(id, 1_000, spentOn).expect(400))).toEqual(['spentOn']);
      }
      const several = await post(`/${id}/spend`).send({ amount: -5, currency: 'EUR', description: '' }).expect(400);
      expect(fieldsOf(several)).toEqual(['amount', 'description', 'spentOn']);
      expect(fieldsOf(await spend(id, 0).expect(400))).toEqual(['amount']);
      expectProblem(await spend(id, 1_000, TODAY, 'JPY'), 422, 'currency_mismatch');
      expect(await detail(id)).toMatchObject({ spent: 0, version: 1 });
      expectProblem(await spend(NOBODY, 1_000), 404, 'project_not_found');
    });
  });

  describe('outcomes', () => {
    /** Proposed last year: its outcomes came before today. */
    const vault = { ...biometricVault, proposedOn: '2025-04-01' };
    let id: string;
    let filing: string;
    const disclosure = {
      kind: 'invention_disclosure',
      title: 'Quantum-key-protected biometric template store',
      occurredOn: '2025-09-01',
    };
    const filed = {
      kind: 'patent_filed',
      title: 'Biometric template storage secured by quantum key distribution',
      occurredOn: '2025-11-20',
      patent: { jurisdiction: 'JP', applicationNumber: '2026-188341' },
    };

    beforeAll(async () => {
      id = await propose(vault);
    });

    it('records an invention disclosure: 201 with its id, counted for the lead partners by default', async () => {
      const { version } = await detail(id);
      const response = await post(`/${id}/outcomes`).set('If-Match', `"${version}"`).send(disclosure).expect(201);
      expect(response.body).toEqual({
        id,
        version: version + 1,
        outcomeId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(response.headers.etag).toBe(`"${version + 1}"`);
      expect((await detail(id)).outcomes).toEqual([
        {
          id: response.body.outcomeId,
          ...disclosure,
          partnerIds: [partner.nict],
          patent: null,
          relatesTo: null,
          spinOutCompany: null,
        },
      ]);
    });

    it('needs the patent details of a filing (400 patent_details_missing), well formed (400)', async () => {
      const { version } = await detail(id);
      const missing = await post(`/${id}/outcomes`)
        .send({ ...filed, patent: undefined })
        .expect(400);
      expectProblem(missing, 400, 'patent_details_missing');
      expect(fieldsOf(missing)).toEqual(['patent']);
      const cases: [object, string[]][] = [
        [{ jurisdiction: 'jp', applicationNumber: '2026-188341' }, ['patent.jurisdiction']],
        [{ jurisdiction: 'JPN', applicationNumber: '2026-188341' }, ['patent.jurisdiction']],
        [{ jurisdiction: 'JP' }, ['patent.applicationNumber']],
        [{ jurisdiction: 'JP', applicationNumber: '' }, ['patent.applicationNumber']],
      ];
      for (const [patent, fields] of cases) {
        const response = await post(`/${id}/outcomes`).send({ ...filed, patent });
        expect({ patent, status: response.status, fields: fieldsOf(response) }).toEqual({
          patent,
          status: 400,
          fields,
        });
      }
      expect((await detail(id)).version).toBe(version);
    });

    it('records a filing, then its grant (relatesTo the filing), which takes the filing’s patent details', async () => {
      filing = await outcome(id, { ...filed, partnerIds: [partner.nict.toUpperCase()] });
      const grant = await outcome(id, {
        kind: 'patent_granted',
        title: 'JP patent granted: QKD-secured biometric storage',
        occurredOn: '2026-02-05',
        relatesTo: filing.toUpperCase(),
      });
      const { outcomes } = await detail(id);
      expect(outcomes.find((o) => o.id === filing)).toMatchObject({
        kind: 'patent_filed',
        partnerIds: [partner.nict],
        patent: filed.patent,
        relatesTo: null,
      });
      expect(outcomes.find((o) => o.id === grant)).toEqual({
        id: grant,
        kind: 'patent_granted',
        title: 'JP patent granted: QKD-secured biometric storage',
        occurredOn: '2026-02-05',
        partnerIds: [partner.nict],
        patent: filed.patent,
        relatesTo: filing,
        spinOutCompany: null,
      });
      // Ordered by when they happened.
      expect(outcomes.map((o) => o.occurredOn)).toEqual([...outcomes.map((o) => o.occurredOn)].sort());
    });

    it('refuses a grant without its filing (422 grant_without_filing) and a second grant (422 already_granted)', async () => {
      const grant = { kind: 'patent_granted', title: 'Granted', occurredOn: '2026-03-01' };
      const { version, outcomes } = await detail(id);
      const disclosureId = outcomes.find((o) => o.kind === 'invention_disclosure')?.id;
      for (const relatesTo of [undefined, NOBODY, disclosureId]) {
        expectProblem(await post(`/${id}/outcomes`).send({ ...grant, relatesTo }), 422, 'grant_without_filing');
      }
      expectProblem(await post(`/${id}/outcomes`).send({ ...grant, relatesTo: filing }), 422, 'already_granted');
      // A filing of another project is not this project's to grant.
      const other = await propose({ ...vault, title: 'Quantum-secured face recognition gateway' });
      const otherFiling = await outcome(other, {
        ...filed,
        patent: { jurisdiction: 'EP', applicationNumber: 'EP26190011' },
      });
      expectProblem(
        await post(`/${id}/outcomes`).send({ ...grant, relatesTo: otherFiling }),
        422,
        'grant_without_filing',
      );
      expect((await detail(id)).version).toBe(version);
    });

    it('names every bad outcome field in a 400', async () => {
      const response = await post(`/${id}/outcomes`)
        .send({
          kind: 'award',
          title: '',
          occurredOn: '2027-13-01',
          partnerIds: ['NICT'],
          relatesTo: 'filing-1',
          spinOutCompany: 42,
          value: 'high',
        })
        .expect(400);
      expectProblem(response, 400, 'validation_failed');
      expect(fieldsOf(response)).toEqual([
        'kind',
        'occurredOn',
        'partnerIds',
        'relatesTo',
        'spinOutCompany',
        'title',
        'value',
      ]);
      expectProblem(await post(`/${NOBODY}/outcomes`).send(disclosure), 404, 'project_not_found');
    });

    it('spins out with a company (the project closes as spun_out); without one is 400', async () => {
      const spinOut = { kind: 'spin_out', title: 'Spin-out for secure biometric storage', occurredOn: '2026-05-15' };
      const missing = await post(`/${id}/outcomes`).send(spinOut).expect(400);
      expectProblem(missing, 400, 'spin_out_company_missing');
      expect(fieldsOf(missing)).toEqual(['spinOutCompany']);
      expect((await detail(id)).status).toBe('active');

      const outcomeId = await outcome(id, { ...spinOut, spinOutCompany: 'QuantumVault Biometrics K.K.' });
      const view = await detail(id);
      expect(view.status).toBe('spun_out');
      expect(view.outcomes.find((o) => o.id === outcomeId)).toMatchObject({
        kind: 'spin_out',
        spinOutCompany: 'QuantumVault Biometrics K.K.',
        patent: null,
      });
      expect((await history(id)).at(-1)).toMatchObject({
        type: 'ProjectSpunOut',
        data: { projectId: id, outcomeId, company: 'QuantumVault Biometrics K.K.' },
      });
      expect(idsOf(await list(`partnerId=${partner.nict}&status=spun_out`))).toEqual([id]);
      expectProblem(
        await post(`/${id}/outcomes`).send({ ...spinOut, spinOutCompany: 'Another K.K.' }),
        422,
        'project_closed',
      );
      expectProblem(await post(`/${id}/gate-reviews`).send(gate('go')), 422, 'project_closed');
    });
  });

  describe('GET /projects (the register)', () => {
    // Every project here is led by Osaka University, and no other test's is: `partnerId` isolates them.
    const ids = { genome: '', gwas: '', dna: '', storage: '' };
    const osaka = `partnerId=${partner.osaka}`;

    beforeAll(async () => {
      ids.genome = await propose(genomeAnalysis);
      ids.gwas = await propose({
        ...genomeAnalysis,
        title: 'Privacy-preserving genome-wide association study',
        technologyAreas: ['Secure Computation', 'Healthcare'],
      });
      ids.dna = await propose({
        ...genomeAnalysis,
        title: 'Secret-sharing based DNA sequence matching',
        agreementIds: [agreement.osakaSecretSharing],
        technologyAreas: ['secure-computation'],
      });
      ids.storage = await propose({
        ...genomeAnalysis,
        title: 'Encrypted genome data storage',
        agreementIds: [agreement.osakaGenome, agreement.osakaSecretSharing],
        technologyAreas: ['Genome Analysis'],
      });
      await review(ids.gwas, 'go');
      await review(ids.dna, 'kill');
      await review(ids.storage, 'hold');
    });

    const set = async (query: string) => new Set(idsOf(await list(query)));

    it('filters by stage, status, partner, agreement and technology area, alone and together', async () => {
      expect((await list(osaka)).total).toBe(4);
      expect(await set(`${osaka}&stage=generate`)).toEqual(new Set([ids.genome, ids.dna, ids.storage]));
      expect(idsOf(await list(`${osaka}&stage=ideate`))).toEqual([ids.gwas]);
      expect((await list(`${osaka}&stage=launch`)).total).toBe(0);
      expect(await set(`${osaka}&status=active`)).toEqual(new Set([ids.genome, ids.gwas]));
      expect(idsOf(await list(`${osaka}&status=killed`))).toEqual([ids.dna]);
      expect(idsOf(await list(`${osaka}&status=on_hold`))).toEqual([ids.storage]);

      expect(await set(`agreementId=${agreement.osakaSecretSharing}`)).toEqual(new Set([ids.dna, ids.storage]));
      expect(await set(`agreementId=${agreement.osakaSecretSharing.toUpperCase()}`)).toEqual(
        new Set([ids.dna, ids.storage]),
      );
      expect(await set(`agreementId=${agreement.osakaGenome}`)).toEqual(new Set([ids.genome, ids.gwas, ids.storage]));
      expect(await set(`partnerId=${partner.osaka.toUpperCase()}`)).toEqual(new Set(Object.values(ids)));

      // Tags are normalised as they are on a proposal: "Secure Computation" is secure-computation.
      expect(await set(`${osaka}&technologyArea=Secure%20Computation`)).toEqual(
        new Set([ids.genome, ids.gwas, ids.dna]),
      );
      expect(await set(`${osaka}&technologyArea=genome-analysis`)).toEqual(new Set([ids.genome, ids.storage]));
      expect(idsOf(await list(`${osaka}&technologyArea=healthcare`))).toEqual([ids.gwas]);
      expect(idsOf(await list(`${osaka}&stage=generate&status=active&technologyArea=secure-computation`))).toEqual([
        ids.genome,
      ]);

      const killed = await list('status=killed&pageSize=100');
      expect(killed.items.every((item) => item.status === 'killed')).toBe(true);
      expect(idsOf(killed)).toContain(ids.dna);
      expect(idsOf(killed)).not.toContain(ids.genome);
      const ideate = await list('stage=ideate&pageSize=100');
      expect(ideate.items.every((item) => item.stage === 'ideate')).toBe(true);
      const nict = await list(`partnerId=${partner.nict}&pageSize=100`);
      expect(nict.items.every((item) => item.leadPartnerIds.includes(partner.nict))).toBe(true);
      expect(idsOf(nict)).not.toContain(ids.genome);
    });

    it('lists the most recently changed first, and pages with the total', async () => {
      const all = await list(osaka);
      expect(all).toMatchObject({ page: 1, pageSize: 20, total: 4 });
      // Held last, killed before it, advanced before that; the untouched proposal last.
      expect(idsOf(all)).toEqual([ids.storage, ids.dna, ids.gwas, ids.genome]);
      const updated = all.items.map((item) => Date.parse(item.updatedAt));
      expect(updated).toEqual([...updated].sort((a, b) => b - a));

      const first = await list(`${osaka}&pageSize=3&page=1`);
      const second = await list(`${osaka}&pageSize=3&page=2`);
      const beyond = await list(`${osaka}&pageSize=3&page=3`);
      expect(first).toMatchObject({ page: 1, pageSize: 3, total: 4 });
      expect(second).toMatchObject({ page: 2, pageSize: 3, total: 4 });
      expect([...idsOf(first), ...idsOf(second)]).toEqual(idsOf(all));
      expect(beyond).toMatchObject({ items: [], page: 3, total: 4 });
    });

    it('shows each item as a summary', async () => {
      const [item] = (await list(`${osaka}&status=on_hold`)).items;
      expect(item).toEqual({
        id: ids.storage,
        title: 'Encrypted genome data storage',
        stage: 'generate',
        status: 'on_hold',
        agreementIds: [agreement.osakaGenome, agreement.osakaSecretSharing],
        leadPartnerIds: [partner.osaka],
        technologyAreas: ['genome-analysis'],
        budget: { amount: 90_000_000, currency: 'JPY' },
        spent: 0,
        overBudget: false,
        flaggedAgreements: [],
        flagged: false,
        statusSince: TODAY,
        lastActivityOn: TODAY,
        version: 3,
        updatedAt: expect.any(String),
      });
    });

    it('rejects unknown filters and bad values with a 400 naming each', async () => {
      const response = await get(
        `?colour=red&sort=title&stage=testing&status=paused&partnerId=osaka&agreementId=GENOME-1&page=0&pageSize=101&technologyArea=${'x'.repeat(61)}`,
      ).expect(400);
      expectProblem(response, 400, 'validation_failed');
      expect(fieldsOf(response)).toEqual([
        'agreementId',
        'colour',
        'page',
        'pageSize',
        'partnerId',
        'sort',
        'stage',
        'status',
        'technologyArea',
      ]);
      for (const query of ['page=1.5', 'pageSize=ten', 'pageSize=0']) {
        expect(fieldsOf(await get(`?${query}`).expect(400))).toHaveLength(1);
      }
    });
  });

  describe('GET /projects/:id and its history', () => {
    it('shows the project as it was at a past time (asOf), and 404 before it existed', async () => {
      const before = new Date().toISOString();
      await sleep(20);
      const id = await propose(genomeAnalysis);
      await sleep(20);
      const between = new Date().toISOString();
      await sleep(20);
      await review(id, 'go');
      await post(`/${id}/milestones`)
        .send({ name: 'Secure GWAS on 10k genomes', plannedDate: '2027-01-31' })
        .expect(201);

      const then = await get(`/${id}?asOf=${between}`).expect(200);
      expect(then.headers.etag).toBe('"1"');
      expect(then.body).toMatchObject({
        id,
        stage: 'generate',
        status: 'active',
        gateDecisions: [],
        milestones: [],
        version: 1,
      });
      // Reading the past leaves the present alone.
      const now = await detail(id);
      expect(now).toMatchObject({ stage: 'ideate', version: 4 });
      expect(now.gateDecisions).toHaveLength(1);
      expect(now.milestones).toHaveLength(1);
      const later = await get(`/${id}?asOf=${new Date(Date.now() + 60_000).toISOString()}`).expect(200);
      expect(later.body).toEqual(now);

      expectProblem(await get(`/${id}?asOf=${before}`), 404, 'project_not_found');
      for (const asOf of ['yesterday', '2026-02-30T00:00:00Z']) {
        expect(fieldsOf(await get(`/${id}?asOf=${asOf}`).expect(400))).toEqual(['asOf']);
      }
      expect(fieldsOf(await get(`/${id}?version=1`).expect(400))).toEqual(['version']);
    });

    it('tells who did what and when, in order, with the caller’s correlation id', async () => {
      const start = Date.now();
      const id = await propose(tg4050);
      await post(`/${id}/gate-reviews`)
        .set('X-Correlation-Id', 'tg4050-steering-committee-2026-06')
        .send(gate('go', { notes: 'First patient dosed' }))
        .expect(200);
      await post(`/${id}/spend`)
        .send({ amount: 50_000, currency: 'EUR', description: 'Sequencing', spentOn: '2026-06-01' })
        .expect(200);
      const end = Date.now();

      const entries = await history(id);
      expect(entries.map((entry) => [entry.version, entry.type])).toEqual([
        [1, 'ProjectProposed'],
        [2, 'GateDecisionRecorded'],
        [3, 'ProjectStageAdvanced'],
        [4, 'SpendRecorded'],
      ]);
      expect(new Set(entries.map((entry) => entry.actor))).toEqual(new Set(['user:tester']));
      const times = entries.map((entry) => Date.parse(entry.occurredAt));
      expect(times.every((time) => time >= start - 1000 && time <= end + 1000)).toBe(true);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(entries.slice(1, 3).map((entry) => entry.correlationId)).toEqual(
        Array(2).fill('tg4050-steering-committee-2026-06'),
      );
      expect(entries[3].correlationId).not.toBe('tg4050-steering-committee-2026-06');
      expect(entries[0].data).toMatchObject({
        projectId: id,
        title: tg4050.title,
        budget: { amount: 2_000_000, currency: 'EUR' },
        technologyAreas: ['ai', 'healthcare', 'cancer-vaccines'],
        proposedOn: TODAY,
      });
      expect(entries[1].data).toMatchObject({
        gate: 'generate→ideate',
        decision: 'go',
        gatekeepers: GATEKEEPERS,
        notes: 'First patient dosed',
        decidedOn: TODAY,
      });
      expect(entries[2].data).toEqual({ projectId: id, from: 'generate', to: 'ideate', advancedOn: TODAY });
    });

    it('answers 404 for an unknown project and 400 for a malformed id', async () => {
      expectProblem(await get(`/${NOBODY}`), 404, 'project_not_found');
      expectProblem(await get(`/${NOBODY}/history`), 404, 'project_not_found');
      const malformed = await get('/not-a-uuid').expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
      await get('/not-a-uuid/history').expect(400);
    });
  });

  describe('GET /projects/funnel and /projects/outcomes', () => {
    /** Dated decisions: later than any other test's, so the latest and the months are these alone. */
    const at = async (day: string, id: string, decision: string) => {
      clock.set(`${day}T09:00:00Z`);
      await review(id, decision);
    };
    const ids = { variantCalling: '', tg4050: '', biometric: '', brain: '' };
    let before: { funnel: Funnel; outcomes: OutcomeStats };
    let after: { funnel: Funnel; outcomes: OutcomeStats };

    beforeAll(async () => {
      before = { funnel: await funnel(), outcomes: await outcomeStats() };
      ids.variantCalling = await propose({ ...genomeAnalysis, title: 'Multi-party secure variant calling' });
      ids.tg4050 = await propose({ ...tg4050, title: 'TG4050 neoantigen selection pipeline' });
      ids.biometric = await propose({ ...biometricVault, title: 'QKD-protected iris template vault' });
      ids.brain = await propose({ ...brainMorphic, title: 'Brain-morphic AI for satellite imagery' });
      await at('2026-09-10', ids.variantCalling, 'go');
      await at('2026-09-20', ids.tg4050, 'kill');
      await at('2026-10-05', ids.variantCalling, 'go');
      await at('2026-10-12', ids.biometric, 'hold');
      await at('2026-10-20', ids.brain, 'recycle');
      // Outcomes of 2028, recorded once they happened.
      clock.set('2028-06-01T09:00:00Z');
      await outcome(ids.variantCalling, {
        kind: 'invention_disclosure',
        title: 'MPC variant caller',
        occurredOn: '2028-02-01',
      });
      await outcome(ids.variantCalling, {
        kind: 'publication',
        title: 'Secure variant calling at genome scale',
        occurredOn: '2028-03-01',
        partnerIds: [partner.osaka, partner.utokyo],
      });
      await outcome(ids.biometric, {
        kind: 'publication',
        title: 'QKD for biometric vaults',
        occurredOn: '2028-04-01',
      });
      await outcome(ids.variantCalling, {
        kind: 'patent_filed',
        title: 'Secret-shared variant calling',
        occurredOn: '2028-05-10',
        patent: { jurisdiction: 'WO', applicationNumber: 'PCT/JP2028/012345' },
      });
      after = { funnel: await funnel(), outcomes: await outcomeStats() };
    });

    const stageOf = (f: Funnel, stage: string) => f.byStage.find((row) => row.stage === stage)!;
    const conversionOf = (f: Funnel, stage: string) => f.conversion.find((row) => row.stage === stage)!;
    const countOf = (stats: OutcomeStats, partnerId: string, kind: string) =>
      stats.byPartner
        .filter((row) => row.partnerId === partnerId && row.kind === kind)
        .reduce((n, row) => n + row.count, 0);

    it('counts open projects and their budgets per stage, and closed ones by how they closed', async () => {
      const delta = (stage: string) => {
        const [b, a] = [stageOf(before.funnel, stage), stageOf(after.funnel, stage)];
        return {
          projects: a.projects - b.projects,
          onHold: a.onHold - b.onHold,
          budget: Object.fromEntries(
            Object.entries(a.budget)
              .map(([currency, amount]) => [currency, amount - (b.budget[currency] ?? 0)])
              .filter(([, amount]) => amount !== 0),
          ),
        };
      };
      expect(after.funnel.byStage.map((row) => row.stage)).toEqual(['generate', 'ideate', 'develop', 'launch']);
      expect(delta('generate')).toEqual({
        projects: 2,
        onHold: 1,
        budget: { JPY: biometricVault.budget.amount + brainMorphic.budget.amount },
      });
      expect(delta('ideate')).toEqual({ projects: 0, onHold: 0, budget: {} });
      expect(delta('develop')).toEqual({ projects: 1, onHold: 0, budget: { JPY: genomeAnalysis.budget.amount } });
      expect(delta('launch')).toEqual({ projects: 0, onHold: 0, budget: {} });
      expect((after.funnel.closed.killed ?? 0) - (before.funnel.closed.killed ?? 0)).toBe(1);

      // And the whole funnel agrees with the register.
      const projects = await everyProject();
      for (const row of after.funnel.byStage) {
        const open = projects.filter((p) => p.stage === row.stage && ['active', 'on_hold'].includes(p.status));
        const budget: Record<string, number> = {};
        for (const p of open) budget[p.budget.currency] = (budget[p.budget.currency] ?? 0) + p.budget.amount;
        expect(row).toEqual({
          stage: row.stage,
          projects: open.length,
          onHold: open.filter((p) => p.status === 'on_hold').length,
          budget,
        });
      }
      const closed: Record<string, number> = {};
      for (const p of projects.filter((p) => ['completed', 'killed', 'spun_out'].includes(p.status))) {
        closed[p.status] = (closed[p.status] ?? 0) + 1;
      }
      expect(after.funnel.closed).toEqual(closed);
    });

    it('measures conversion at each gate, and counts decisions by month', async () => {
      const delta = (stage: string) => ({
        decided: conversionOf(after.funnel, stage).decided - conversionOf(before.funnel, stage).decided,
        advanced: conversionOf(after.funnel, stage).advanced - conversionOf(before.funnel, stage).advanced,
      });
      expect(delta('generate')).toEqual({ decided: 4, advanced: 1 });
      expect(delta('ideate')).toEqual({ decided: 1, advanced: 1 });
      expect(delta('develop')).toEqual({ decided: 0, advanced: 0 });

      // Recomputed from every project's gate decisions.
      const decisions: (GateDecisionView & { projectId: string })[] = [];
      for (const p of await everyProject()) {
        decisions.push(...(await detail(p.id)).gateDecisions.map((d) => ({ ...d, projectId: p.id })));
      }
      for (const row of after.funnel.conversion) {
        const there = decisions.filter((d) => d.stage === row.stage);
        const decided = new Set(there.map((d) => d.projectId)).size;
        const advanced = new Set(there.filter((d) => d.decision === 'go').map((d) => d.projectId)).size;
        expect(row).toEqual({
          stage: row.stage,
          decided,
          advanced,
          rate: decided === 0 ? null : Math.round((advanced / decided) * 100) / 100,
        });
      }

      const months = after.funnel.decisionsByMonth;
      expect(before.funnel.decisionsByMonth.filter((row) => row.month >= '2026-09')).toEqual([]);
      expect(months.filter((row) => row.month >= '2026-09')).toEqual([
        { month: '2026-09', decision: 'go', count: 1 },
        { month: '2026-09', decision: 'kill', count: 1 },
        { month: '2026-10', decision: 'go', count: 1 },
        { month: '2026-10', decision: 'hold', count: 1 },
        { month: '2026-10', decision: 'recycle', count: 1 },
      ]);
      expect(months.reduce((n, row) => n + row.count, 0)).toBe(decisions.length);
      for (const row of months) {
        const matching = decisions.filter((d) => d.decidedOn.startsWith(row.month) && d.decision === row.decision);
        expect({ ...row, count: matching.length }).toEqual(row);
      }
    });

    it('lists the latest decisions first', () => {
      const recent = after.funnel.recentDecisions as RecentDecision[];
      expect(recent.length).toBeLessThanOrEqual(10);
      expect(recent.slice(0, 5)).toEqual(
        [
          [ids.brain, 'Brain-morphic AI for satellite imagery', 'generate→ideate', 'recycle', '2026-10-20'],
          [ids.biometric, 'QKD-protected iris template vault', 'generate→ideate', 'hold', '2026-10-12'],
          [ids.variantCalling, 'Multi-party secure variant calling', 'ideate→develop', 'go', '2026-10-05'],
          [ids.tg4050, 'TG4050 neoantigen selection pipeline', 'generate→ideate', 'kill', '2026-09-20'],
          [ids.variantCalling, 'Multi-party secure variant calling', 'generate→ideate', 'go', '2026-09-10'],
        ].map(([projectId, title, gateLabel, decision, decidedOn]) => ({
          projectId,
          title,
          gate: gateLabel,
          decision,
          decidedOn,
          gatekeepers: GATEKEEPERS,
        })),
      );
      const days = recent.map((d) => d.decidedOn);
      expect(days).toEqual([...days].sort().reverse());
    });

    it('counts outcomes per partner and per year', () => {
      const partnerDelta = (partnerId: string, kind: string) =>
        countOf(after.outcomes, partnerId, kind) - countOf(before.outcomes, partnerId, kind);
      expect(partnerDelta(partner.osaka, 'invention_disclosure')).toBe(1);
      expect(partnerDelta(partner.osaka, 'publication')).toBe(1);
      expect(partnerDelta(partner.osaka, 'patent_filed')).toBe(1);
      expect(partnerDelta(partner.utokyo, 'publication')).toBe(1);
      expect(partnerDelta(partner.utokyo, 'patent_filed')).toBe(0);
      expect(partnerDelta(partner.nict, 'publication')).toBe(1);
      expect(partnerDelta(partner.transgene, 'publication')).toBe(0);

      expect(before.outcomes.byYear.filter((row) => row.year === 2028)).toEqual([]);
      expect(after.outcomes.byYear.filter((row) => row.year === 2028)).toEqual([
        { year: 2028, kind: 'invention_disclosure', count: 1 },
        { year: 2028, kind: 'patent_filed', count: 1 },
        { year: 2028, kind: 'publication', count: 2 },
      ]);
      const years = after.outcomes.byYear.map((row) => `${row.year} ${row.kind}`);
      expect(years).toEqual([...years].sort());
    });
  });

  it('documents every route in OpenAPI', async () => {
    const { paths } = (await http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /projects',
        'GET /projects',
        'GET /projects/funnel',
        'GET /projects/outcomes',
        'GET /projects/{id}',
        'GET /projects/{id}/history',
        'POST /projects/{id}/gate-reviews',
        'POST /projects/{id}/resume',
        'POST /projects/{id}/milestones',
        'POST /projects/{id}/milestones/{milestoneId}/complete',
        'POST /projects/{id}/budget',
        'POST /projects/{id}/spend',
        'POST /projects/{id}/outcomes',
      ]),
    );
  });
});
