import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Response } from 'supertest';
import { Clock, FakeClock, type HistoryEntry } from '@accord/platform';
import { api } from '../../../test/support/auth';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import type { Deadlines } from '../src/agreements/deadlines/deadlines.query';
import type { AgreementView } from '../src/agreements/get-agreement/agreement.view';
import type { AgreementPage } from '../src/agreements/list-agreements/list-agreements.query';
import { AgreementServiceModule } from '../src/app.module';
import { agreementService } from '../src/service';

/**
 * The agreement service over HTTP, booted in-process on a fresh database with a fake clock. Parties
 * are written straight into the service's copy of the partner registry (`known_partners`); learning
 * them from Kafka is the end-to-end test's business.
 */

/** The fake clock's "now" at the start of every test: the date that signatures, expiry and overdue count from. */
export const NOW = '2026-06-01T09:00:00Z';
export const TODAY = '2026-06-01';

export const partner = {
  utokyo: randomUUID(),
  nict: randomUUID(),
  transgene: randomUUID(),
  bihar: randomUUID(),
  iic: randomUUID(),
  fraunhofer: randomUUID(),
  bosch: randomUUID(),
  // Used only by the register's tests, so that `partnerId=` isolates their agreements.
  keti: randomUUID(),
  // Archived in the partner service: cannot become a party.
  kabuku: randomUUID(),
};
export const KNOWN_PARTNERS: [string, string, string][] = [
  [partner.utokyo, 'University of Tokyo', 'active'],
  [partner.nict, 'National Institute of Information and Communications Technology', 'active'],
  [partner.transgene, 'Transgene', 'active'],
  [partner.bihar, 'Government of Bihar', 'prospect'],
  [partner.iic, 'Industrial Internet Consortium', 'active'],
  [partner.fraunhofer, 'Fraunhofer IOSB', 'prospect'],
  [partner.bosch, 'Robert Bosch GmbH', 'prospect'],
  [partner.keti, 'Korea Electronics Technology Institute', 'active'],
  [partner.kabuku, 'Kabuku Inc.', 'archived'],
];
/** A well-formed id that no partner and no agreement has. */
export const NOBODY = '3f2b7c39-1d1e-4a55-9d2c-8d6c7c5f1e00';

export const utokyoAlliance = {
  type: 'comprehensive_alliance',
  title: 'NEC/University of Tokyo Strategic Partnership for Future AI Research and Education',
  purpose: 'Brain-morphic AI research, AI ethics and law, scholarships and internships',
  partyIds: [partner.utokyo],
  ownerId: 'alliance-manager-ai-strategy',
  technologyAreas: ['AI', 'Brain-morphic AI', 'AI ethics'],
  effectiveDate: '2016-09-05',
  expiryDate: '2026-09-04',
  funding: [{ direction: 'outbound', amount: 500_000_000, currency: 'jpy', schedule: 'annually over 10 years' }],
  ipTerms: { foregroundOwnership: 'joint', publicationReviewDays: 60, backgroundIpListed: true },
};

export const nictQuantum = {
  type: 'joint_research',
  title: 'Joint R&D on quantum cryptography for secure networks',
  partyIds: [partner.nict],
  ownerId: 'alliance-manager-security',
  technologyAreas: ['Quantum Cryptography'],
  effectiveDate: '2026-07-01',
  expiryDate: '2029-06-30',
};

export const transgeneTg4050 = {
  type: 'co_development',
  title: 'TG4050 individualized neoantigen cancer vaccine co-development',
  purpose: 'AI neoantigen prediction for a personalised therapeutic vaccine (TG4050)',
  partyIds: [partner.transgene],
  ownerId: 'alliance-manager-healthcare',
  technologyAreas: ['AI', 'Healthcare'],
  effectiveDate: '2025-01-15',
  expiryDate: '2027-01-14',
  funding: [{ direction: 'outbound', amount: 2_000_000, currency: 'EUR', schedule: 'per clinical milestone' }],
};

export const biharMou = {
  type: 'mou',
  title: 'MOU with the Government of Bihar on ICT for public safety and e-governance',
  partyIds: [partner.bihar],
  ownerId: 'alliance-manager-india',
  effectiveDate: '2019-02-12',
  expiryDate: '2027-02-11',
};

export const iicTestbed = {
  type: 'testbed',
  title: 'Industrial Internet Consortium testbed: time-sensitive networking for smart manufacturing',
  partyIds: [partner.iic, partner.fraunhofer, partner.bosch],
  ownerId: 'alliance-manager-iot',
  technologyAreas: ['IoT', 'Time Sensitive Networking'],
  effectiveDate: '2026-03-01',
  expiryDate: '2028-02-29',
};

export type History = HistoryEntry[];

export const idsOf = (page: AgreementPage) => page.items.map((item) => item.id);

/**
 * Boots the service for one test file (its own database, `label` naming it) around the enclosing
 * `describe`, and answers the helpers its tests call.
 */
export function agreementsOverHttp(label: string) {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new FakeClock(new Date(NOW));
  const http = () => api(app);
  /** Requests to `/agreements<path>`. */
  const post = (path: string) => http().post(`/agreements${path}`);
  const patch = (id: string) => http().patch(`/agreements/${id}`);
  const get = (path: string) => http().get(`/agreements${path}`);
  const drafting = (body: object) => http().post('/agreements').send(body);

  const fieldsOf = (response: Response) =>
    (response.body as { errors: { field: string }[] }).errors.map((error) => error.field).sort();

  function expectProblem(response: Response, status: number, code: string): void {
    expect({ status: response.status, code: (response.body as { code?: unknown }).code }).toEqual({ status, code });
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  }

  async function draft(body: object): Promise<string> {
    return ((await drafting(body).expect(201)).body as { id: string }).id;
  }

  async function detail(id: string): Promise<AgreementView> {
    return (await get(`/${id}`).expect(200)).body as AgreementView;
  }

  async function history(id: string): Promise<History> {
    return (await get(`/${id}/history`).expect(200)).body as History;
  }

  async function list(query: string): Promise<AgreementPage> {
    return (await get(`?${query}`).expect(200)).body as AgreementPage;
  }

  async function deadlines(query = ''): Promise<Deadlines> {
    return (await get(`/deadlines${query}`).expect(200)).body as Deadlines;
  }

  async function approve(id: string): Promise<void> {
    await post(`/${id}/start-negotiation`).expect(200);
    await post(`/${id}/submit-for-review`).expect(200);
    await post(`/${id}/approve`).expect(200);
  }

  /** Negotiation, review, approval, then a signature from `company` and from every party. */
  async function execute(id: string): Promise<void> {
    await approve(id);
    for (const partyId of ['company', ...(await detail(id)).partyIds]) {
      await post(`/${id}/sign`).send({ partyId }).expect(200);
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase(label);
    app = await bootService(
      agreementService,
      AgreementServiceModule,
      // The scheduler runs only when a test calls tick().
      { DATABASE_URL: db.url, SCHEDULER_INTERVAL_MS: String(24 * 3600 * 1000) },
      (builder) => builder.overrideProvider(Clock).useValue(clock),
    );
    for (const [id, name, status] of KNOWN_PARTNERS) {
      await db.query(
        `INSERT INTO agreement.known_partners (partner_id, name, status, version, updated_at) VALUES ($1, $2, $3, 1, now())`,
        [id, name, status],
      );
    }
  });

  beforeEach(() => clock.set(NOW));

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  return {
    app: () => app,
    clock,
    http,
    post,
    patch,
    get,
    drafting,
    fieldsOf,
    expectProblem,
    draft,
    detail,
    history,
    list,
    deadlines,
    approve,
    execute,
  };
}
