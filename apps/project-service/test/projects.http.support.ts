import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Clock, FakeClock, type HistoryEntry } from '@accord/platform';
import { Client } from 'pg';
import type { Response } from 'supertest';
import { waitUntil } from '../../../scripts/infra/processes';
import { api } from '../../../test/support/auth';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import { ProjectServiceModule } from '../src/app.module';
import type { Funnel, OutcomeStats } from '../src/projects/funnel/portfolio.queries';
import type { ProjectView } from '../src/projects/get-project/project.view';
import type { ProjectPage } from '../src/projects/list-projects/list-projects.query';
import { projectService } from '../src/service';

/**
 * The project service over HTTP, booted in-process on a fresh database with a fake clock. The
 * agreements projects run under are written straight into the service's copy of them
 * (`known_agreements`); learning them from Kafka, and the reaction to one ending, are the
 * end-to-end test's business.
 */

/** The fake clock's "now" at the start of every test: the day proposals and gate decisions are dated. */
export const NOW = '2026-06-01T09:00:00Z';
export const TODAY = '2026-06-01';

export const partner = {
  utokyo: randomUUID(),
  nict: randomUUID(),
  osaka: randomUUID(),
  transgene: randomUUID(),
};
/** A well-formed id that no project, agreement or milestone has. */
export const NOBODY = '3f2b7c39-1d1e-4a55-9d2c-8d6c7c5f1e00';

export const agreement = {
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
export const KNOWN_AGREEMENTS: [string, string, string, string[]][] = [
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

export const brainMorphic = {
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

export const biometricVault = {
  title: 'Quantum-cryptography secured storage of biometric data',
  agreementIds: [agreement.nictQuantum],
  leadPartnerIds: [partner.nict],
  technologyAreas: ['Quantum Cryptography', 'Biometrics'],
  budget: { amount: 180_000_000, currency: 'JPY' },
};

export const genomeAnalysis = {
  title: 'Secure computation for genome analysis',
  agreementIds: [agreement.osakaGenome],
  leadPartnerIds: [partner.osaka],
  technologyAreas: ['Secure Computation', 'Genome Analysis'],
  budget: { amount: 90_000_000, currency: 'JPY' },
};

export const tg4050 = {
  title: 'TG4050 Phase I trials: AI-predicted neoantigen cancer vaccine',
  agreementIds: [agreement.transgeneTg4050],
  leadPartnerIds: [partner.transgene],
  technologyAreas: ['AI', 'Healthcare', 'Cancer Vaccines'],
  budget: { amount: 2_000_000, currency: 'EUR' },
};

export interface GateDecisionView {
  gate: string;
  stage: string;
  decision: string;
  gatekeepers: string[];
  criteria: Record<string, number>;
  notes: string | null;
  decidedOn: string;
}
export interface MilestoneView {
  id: string;
  name: string;
  plannedDate: string;
  actualDate: string | null;
  evidence: string | null;
  completed: boolean;
}
export interface OutcomeView {
  id: string;
  kind: string;
  title: string;
  occurredOn: string;
  partnerIds: string[];
  patent: { jurisdiction: string; applicationNumber: string } | null;
  relatesTo: string | null;
  spinOutCompany: string | null;
}
export type Detail = Omit<ProjectView, 'gateDecisions' | 'milestones' | 'outcomes'> & {
  gateDecisions: GateDecisionView[];
  milestones: MilestoneView[];
  outcomes: OutcomeView[];
};
export interface Write {
  id: string;
  version: number;
}
export interface RecentDecision {
  projectId: string;
  title: string;
  gate: string;
  decision: string;
  decidedOn: string;
  gatekeepers: string[];
}

export const GATEKEEPERS = ['cto-office', 'ai-research-director'];
export const CRITERIA = { strategicFit: 5, technicalFeasibility: 4, marketPotential: 3 };
export const gate = (decision: string, extra: object = {}) => ({
  decision,
  gatekeepers: GATEKEEPERS,
  criteria: CRITERIA,
  ...extra,
});

export const idsOf = (page: ProjectPage) => page.items.map((item) => item.id);

/**
 * Boots the service for one test file (its own database, its own app) and answers the helpers its
 * tests use. Call it in the file's top describe: it registers the hooks that boot and stop it.
 */
export function projectsHttp(label: string) {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new FakeClock(new Date(NOW));
  const http = () => api(app);
  /** Requests to `/projects<path>`. */
  const post = (path: string) => http().post(`/projects${path}`);
  const get = (path: string) => http().get(`/projects${path}`);
  const proposing = (body: object) => http().post('/projects').send(body);

  /** A problem's body (supertest types it as `any`). */
  type Problem = { code: string; errors: { field: string; message: string }[] };
  const fieldsOf = (response: Response) => (response.body as Problem).errors.map((error) => error.field).sort();
  const messageOf = (response: Response, field: string) =>
    (response.body as Problem).errors.find((error) => error.field === field)?.message;

  function expectProblem(response: Response, status: number, code: string): void {
    expect({ status: response.status, code: (response.body as Problem).code }).toEqual({ status, code });
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
    db = await createTestDatabase(label);
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

  return {
    /** The test database (once booted). */
    db: () => db,
    clock,
    http,
    post,
    get,
    proposing,
    fieldsOf,
    messageOf,
    expectProblem,
    propose,
    detail,
    agreementAboutToEnd,
    endingMeanwhile,
    history,
    list,
    review,
    outcome,
    funnel,
    outcomeStats,
    everyProject,
  };
}
