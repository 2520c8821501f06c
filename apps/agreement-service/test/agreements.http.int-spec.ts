import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { Clock, FakeClock } from '@accord/platform';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import { AgreementServiceModule } from '../src/app.module';
import type { HistoryEntry } from '@accord/platform';
import type { Deadlines } from '../src/agreements/deadlines/deadlines.query';
import type { AgreementView } from '../src/agreements/get-agreement/agreement.view';
import type { AgreementPage } from '../src/agreements/list-agreements/list-agreements.query';
import { AgreementScheduler } from '../src/agreements/scheduler/agreement-scheduler';
import { agreementService } from '../src/service';
import type { Response } from 'supertest';
import { api } from '../../../test/support/auth';

/**
 * The agreement service over HTTP, booted in-process on a fresh database with a fake clock. Parties
 * are written straight into the service's copy of the partner registry (`known_partners`); learning
 * them from Kafka is the end-to-end test's business.
 */

/** The fake clock's "now" at the start of every test: the date that signatures, expiry and overdue count from. */
const NOW = '2026-06-01T09:00:00Z';
const TODAY = '2026-06-01';

const partner = {
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
const KNOWN_PARTNERS: [string, string, string][] = [
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
const NOBODY = '3f2b7c39-1d1e-4a55-9d2c-8d6c7c5f1e00';

const utokyoAlliance = {
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

const nictQuantum = {
  type: 'joint_research',
  title: 'Joint R&D on quantum cryptography for secure networks',
  partyIds: [partner.nict],
  ownerId: 'alliance-manager-security',
  technologyAreas: ['Quantum Cryptography'],
  effectiveDate: '2026-07-01',
  expiryDate: '2029-06-30',
};

const transgeneTg4050 = {
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

const biharMou = {
  type: 'mou',
  title: 'MOU with the Government of Bihar on ICT for public safety and e-governance',
  partyIds: [partner.bihar],
  ownerId: 'alliance-manager-india',
  effectiveDate: '2019-02-12',
  expiryDate: '2027-02-11',
};

const iicTestbed = {
  type: 'testbed',
  title: 'Industrial Internet Consortium testbed: time-sensitive networking for smart manufacturing',
  partyIds: [partner.iic, partner.fraunhofer, partner.bosch],
  ownerId: 'alliance-manager-iot',
  technologyAreas: ['IoT', 'Time Sensitive Networking'],
  effectiveDate: '2026-03-01',
  expiryDate: '2028-02-29',
};

type History = HistoryEntry[];

const idsOf = (page: AgreementPage) => page.items.map((item) => item.id);

describe('agreement-service HTTP API', () => {
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
    (response.body.errors as { field: string }[]).map((error) => error.field).sort();

  function expectProblem(response: Response, status: number, code: string): void {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
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
    db = await createTestDatabase('agreements_http');
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

  describe('POST /agreements', () => {
    it('drafts an agreement: 201 with Location and ETag, a draft with a pending signature for each party and company', async () => {
      const response = await drafting(utokyoAlliance).expect(201);
      const { id } = response.body as { id: string };
      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 1 });
      expect(response.headers.location).toBe(`/agreements/${id}`);
      expect(response.headers.etag).toBe('"1"');

      const view = await http().get(response.headers.location).expect(200);
      expect(view.headers.etag).toBe('"1"');
      expect(view.body).toMatchObject({
        id,
        type: 'comprehensive_alliance',
        title: utokyoAlliance.title,
        purpose: utokyoAlliance.purpose,
        status: 'draft',
        partyIds: [partner.utokyo],
        ownerId: 'alliance-manager-ai-strategy',
        parentAgreementId: null,
        technologyAreas: ['ai', 'brain-morphic-ai', 'ai-ethics'],
        effectiveDate: '2016-09-05',
        expiryDate: '2026-09-04',
        autoRenew: false,
        noticePeriodDays: 90,
        funding: [{ direction: 'outbound', amount: 500_000_000, currency: 'JPY', schedule: 'annually over 10 years' }],
        ipTerms: { foregroundOwnership: 'joint', publicationReviewDays: 60, backgroundIpListed: true },
        signatures: [
          { partyId: 'company', signedOn: null },
          { partyId: partner.utokyo, signedOn: null },
        ],
        fullyExecuted: false,
        renewals: 0,
        obligations: [],
        amendments: [],
        version: 1,
      });
    });

    it('fills in the defaults for what a minimal draft leaves out, and lists every party of a multi-party testbed', async () => {
      const mou = await detail(await draft(biharMou));
      expect(mou).toMatchObject({
        purpose: null,
        technologyAreas: [],
        autoRenew: false,
        noticePeriodDays: 90,
        funding: [],
        ipTerms: { foregroundOwnership: 'joint', publicationReviewDays: 30, backgroundIpListed: false },
      });
      const open = await detail(await draft({ ...biharMou, expiryDate: undefined }));
      expect(open.expiryDate).toBeNull();

      const testbed = await detail(await draft(iicTestbed));
      expect(testbed.signatures).toEqual(
        ['company', partner.iic, partner.fraunhofer, partner.bosch].map((partyId) => ({ partyId, signedOn: null })),
      );
    });

    it('names every invalid field in one 400, once each, and writes nothing', async () => {
      const before = await list('pageSize=1');
      const response = await drafting({
        type: 'friendship',
        title: '',
        purpose: 7,
        partyIds: ['not-a-uuid', 'not-a-uuid'],
        ownerId: 42,
        parentAgreementId: 'the-alliance',
        technologyAreas: 'ai',
        effectiveDate: '2026-02-30',
        expiryDate: '2026-06-01T00:00:00Z',
        autoRenew: 'yes',
        noticePeriodDays: -1,
        funding: [{ direction: 'sideways', amount: -500, currency: 'YEN' }],
        ipTerms: { foregroundOwnership: 'nobody', publicationReviewDays: 400, backgroundIpListed: 'no' },
        signedBy: 'company',
      }).expect(400);
      expectProblem(response, 400, 'validation_failed');
      const fields = fieldsOf(response);
      expect(fields).toEqual(
        [
          'autoRenew',
          'effectiveDate',
          'expiryDate',
          'funding.0.amount',
          'funding.0.currency',
          'funding.0.direction',
          'ipTerms.backgroundIpListed',
          'ipTerms.foregroundOwnership',
          'ipTerms.publicationReviewDays',
          'noticePeriodDays',
          'ownerId',
          'parentAgreementId',
          'partyIds',
          'purpose',
          'signedBy',
          'technologyAreas',
          'title',
          'type',
        ].sort(),
      );
      const errors = response.body.errors as { field: string; message: string }[];
      const message = (field: string) => errors.find((error) => error.field === field)?.message;
      expect(message('effectiveDate')).toContain('real calendar date');
      expect(message('expiryDate')).toContain('YYYY-MM-DD');
      expect((await list('pageSize=1')).total).toBe(before.total);
    });

    it('names partyIds when the list is empty, holds a non-UUID, or repeats a party', async () => {
      for (const partyIds of [[], [partner.utokyo, 'University of Tokyo'], [partner.utokyo, partner.utokyo]]) {
        const response = await drafting({ ...utokyoAlliance, partyIds }).expect(400);
        expect(fieldsOf(response)).toEqual(['partyIds']);
      }
      const missing = await drafting({}).expect(400);
      expect(fieldsOf(missing)).toEqual(['effectiveDate', 'ownerId', 'partyIds', 'title', 'type']);
    });

    it('refuses a title of blanks (it would be stored empty once trimmed)', async () => {
      // Titles are trimmed before they are validated: blanks are not a title.
      const response = await drafting({ ...biharMou, title: '   ' });
      expect(response.status).toBe(400);
      expect(fieldsOf(response)).toEqual(['title']);
    });

    it('accepts a party id written in upper case, as signing does', async () => {
      // Ids are compared in the case Postgres writes them: an upper-case id is the same partner.
      const response = await drafting({ ...biharMou, partyIds: [partner.bihar.toUpperCase()] });
      expect(response.status).toBe(201);
    });

    it('answers parties it does not know, or archived ones, with a 422 naming them', async () => {
      const unknown = await drafting({ ...utokyoAlliance, partyIds: [partner.utokyo, NOBODY] }).expect(422);
      expectProblem(unknown, 422, 'party_unknown');
      expect(unknown.body.partyIds).toEqual([NOBODY]);
      expect(unknown.body.detail).toContain(NOBODY);

      const archived = await drafting({ ...transgeneTg4050, partyIds: [partner.transgene, partner.kabuku] }).expect(
        422,
      );
      expectProblem(archived, 422, 'party_archived');
      expect(archived.body.partyIds).toEqual([partner.kabuku]);
      expect((await list(`partnerId=${partner.kabuku}`)).total).toBe(0);
      expect((await list(`partnerId=${NOBODY}`)).total).toBe(0);
    });

    it('answers an expiry on or before the effective date with 422 expiry_before_effective', async () => {
      for (const expiryDate of ['2026-06-30', '2026-07-01']) {
        const response = await drafting({ ...nictQuantum, expiryDate }).expect(422);
        expectProblem(response, 422, 'expiry_before_effective');
      }
    });

    it('drafts a child agreement under a parent, and answers an unknown parent with 422 parent_unknown', async () => {
      const parent = await draft(utokyoAlliance);
      const scholarships = {
        type: 'scholarship_internship',
        title: 'University of Tokyo AI scholarships and internships',
        partyIds: [partner.utokyo],
        ownerId: 'alliance-manager-ai-strategy',
        parentAgreementId: parent,
        effectiveDate: '2017-04-01',
        expiryDate: '2026-03-31',
      };
      const child = await detail(await draft(scholarships));
      expect(child).toMatchObject({ parentAgreementId: parent, type: 'scholarship_internship', status: 'draft' });

      const orphan = await drafting({ ...scholarships, parentAgreementId: NOBODY }).expect(422);
      expectProblem(orphan, 422, 'parent_unknown');
    });
  });

  describe('PATCH /agreements/:id', () => {
    it('revises only the terms sent, answering the new version as body and ETag', async () => {
      const id = await draft(nictQuantum);
      const response = await patch(id)
        .set('If-Match', '"1"')
        .send({ title: 'Joint R&D on quantum key distribution', technologyAreas: ['Quantum Key Distribution'] })
        .expect(200);
      expect(response.body).toEqual({ id, version: 2 });
      expect(response.headers.etag).toBe('"2"');
      expect(await detail(id)).toMatchObject({
        title: 'Joint R&D on quantum key distribution',
        technologyAreas: ['quantum-key-distribution'],
        effectiveDate: nictQuantum.effectiveDate,
        expiryDate: nictQuantum.expiryDate,
        ownerId: nictQuantum.ownerId,
        version: 2,
      });

      // Clearing what may be cleared: an open-ended agreement.
      await patch(id).send({ expiryDate: null }).expect(200, { id, version: 3 });
      expect((await detail(id)).expiryDate).toBeNull();
      const revisions = (await history(id)).filter((entry) => entry.type === 'AgreementTermsRevised');
      expect(revisions.map((entry) => entry.data)).toEqual([
        {
          agreementId: id,
          changes: { title: 'Joint R&D on quantum key distribution', technologyAreas: ['quantum-key-distribution'] },
        },
        { agreementId: id, changes: { expiryDate: null } },
      ]);
    });

    it('records nothing for a revision that changes nothing', async () => {
      const id = await draft(nictQuantum);
      await patch(id)
        .send({ title: nictQuantum.title, effectiveDate: nictQuantum.effectiveDate })
        .expect(200, { id, version: 1 });
      expect((await history(id)).length).toBe(1);
    });

    it('revises the parties in negotiation: a new party gets a pending signature', async () => {
      const id = await draft(nictQuantum);
      await post(`/${id}/start-negotiation`).expect(200);
      await patch(id)
        .send({ partyIds: [partner.nict, partner.utokyo] })
        .expect(200);
      expect((await detail(id)).signatures.map((s) => s.partyId)).toEqual(['company', partner.nict, partner.utokyo]);
    });

    it('trims a revised title as drafting does', async () => {
      const id = await draft(nictQuantum);
      await patch(id).send({ title: '  Quantum-safe networks  ' }).expect(200);
      // A revised title is trimmed, as a drafted one is.
      expect((await detail(id)).title).toBe('Quantum-safe networks');
    });

    it('answers a stale If-Match with 412 version_conflict and changes nothing; a malformed one with 400', async () => {
      const id = await draft(nictQuantum);
      await patch(id).set('If-Match', '"1"').send({ purpose: 'QKD field trial' }).expect(200);
      const stale = await patch(id).set('If-Match', '"1"').send({ title: 'Someone else’s edit' }).expect(412);
      expectProblem(stale, 412, 'version_conflict');
      expect(stale.body.currentVersion).toBe(2);
      expect(await detail(id)).toMatchObject({ title: nictQuantum.title, purpose: 'QKD field trial', version: 2 });

      const malformed = await patch(id).set('If-Match', 'version 2').send({ title: 'x' }).expect(400);
      expect(malformed.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((await detail(id)).version).toBe(2);
    });

    it('answers null for a term that cannot be cleared with a 400 naming it', async () => {
      const id = await draft(nictQuantum);
      const titleOnly = await patch(id).send({ title: null }).expect(400);
      expectProblem(titleOnly, 400, 'validation_failed');
      expect(titleOnly.body.errors).toEqual([{ field: 'title', message: expect.stringContaining('title') }]);
      const several = await patch(id).send({ partyIds: null, noticePeriodDays: null, ipTerms: null }).expect(400);
      expect(fieldsOf(several)).toEqual(['ipTerms', 'noticePeriodDays', 'partyIds']);
      expect((await detail(id)).version).toBe(1);
    });

    it('names every bad field of a revision in one 400, nulls included', async () => {
      const id = await draft(nictQuantum);
      const response = await patch(id)
        .send({ type: 'nda', title: null, effectiveDate: '2026-02-30', partyIds: [], noticePeriodDays: 'ninety' })
        .expect(400);
      // Nulls for terms that cannot be cleared are reported with every other bad field, in one answer.
      expect(fieldsOf(response)).toEqual(['effectiveDate', 'noticePeriodDays', 'partyIds', 'title', 'type']);
    });

    it('checks parties, dates and parent again on revision (422)', async () => {
      const id = await draft(nictQuantum);
      const cases: [object, string][] = [
        [{ partyIds: [partner.nict, NOBODY] }, 'party_unknown'],
        [{ partyIds: [partner.kabuku] }, 'party_archived'],
        [{ expiryDate: '2026-06-30' }, 'expiry_before_effective'],
        [{ effectiveDate: '2029-07-01' }, 'expiry_before_effective'],
        [{ parentAgreementId: NOBODY }, 'parent_unknown'],
      ];
      for (const [body, code] of cases) {
        expectProblem(await patch(id).send(body), 422, code);
      }
      expect((await detail(id)).version).toBe(1);
    });

    it('locks the terms once submitted for review (422 terms_locked)', async () => {
      const id = await draft(nictQuantum);
      await post(`/${id}/submit-for-review`).expect(200);
      expectProblem(await patch(id).send({ title: 'Too late' }), 422, 'terms_locked');
      await post(`/${id}/approve`).expect(200);
      expectProblem(await patch(id).send({ title: 'Too late' }), 422, 'terms_locked');
      expect((await detail(id)).title).toBe(nictQuantum.title);
    });

    it('answers 404 for an unknown agreement and 400 for a malformed id', async () => {
      expectProblem(await patch(NOBODY).send({ title: 'Ghost' }), 404, 'agreement_not_found');
      const malformed = await patch('not-a-uuid').send({ title: 'Ghost' }).expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });
  });

  describe('the lifecycle: negotiation, review, approval, signatures', () => {
    it('walks the University of Tokyo alliance from draft to active, with the version at each step', async () => {
      const id = await draft(utokyoAlliance);
      const steps = ['start-negotiation', 'submit-for-review', 'approve'];
      const statuses = ['in_negotiation', 'in_review', 'approved'];
      for (const [index, step] of steps.entries()) {
        const response = await post(`/${id}/${step}`)
          .set('If-Match', `"${index + 1}"`)
          .expect(200);
        expect(response.body).toEqual({ id, version: index + 2 });
        expect(response.headers.etag).toBe(`"${index + 2}"`);
        expect((await detail(id)).status).toBe(statuses[index]);
      }

      await post(`/${id}/sign`).send({ partyId: 'company' }).expect(200, { id, version: 5 });
      let view = await detail(id);
      expect(view).toMatchObject({
        status: 'approved',
        fullyExecuted: false,
        signatures: [
          { partyId: 'company', signedOn: TODAY },
          { partyId: partner.utokyo, signedOn: null },
        ],
      });

      // The last signature (the party's id in upper case is the same party): signed, and active at
      // once because the alliance has been effective since 2016.
      const last = await post(`/${id}/sign`)
        .set('X-Correlation-Id', 'utokyo-signing-ceremony')
        .send({ partyId: partner.utokyo.toUpperCase() })
        .expect(200);
      expect(last.body).toEqual({ id, version: 8 });
      view = await detail(id);
      expect(view).toMatchObject({
        status: 'active',
        fullyExecuted: true,
        signatures: [
          { partyId: 'company', signedOn: TODAY },
          { partyId: partner.utokyo, signedOn: TODAY },
        ],
      });

      // Signing again changes nothing.
      await post(`/${id}/sign`).send({ partyId: 'company' }).expect(200, { id, version: 8 });

      const entries = await history(id);
      expect(entries.map((entry) => [entry.version, entry.type])).toEqual([
        [1, 'AgreementDrafted'],
        [2, 'AgreementNegotiationStarted'],
        [3, 'AgreementSubmittedForReview'],
        [4, 'AgreementApproved'],
        [5, 'AgreementSignedByParty'],
        [6, 'AgreementSignedByParty'],
        [7, 'AgreementFullyExecuted'],
        [8, 'AgreementActivated'],
      ]);
      expect(new Set(entries.map((entry) => entry.actor))).toEqual(new Set(['user:tester']));
      const times = entries.map((entry) => Date.parse(entry.occurredAt));
      expect(times.every((time) => !Number.isNaN(time))).toBe(true);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(entries.slice(5).map((entry) => entry.correlationId)).toEqual(Array(3).fill('utokyo-signing-ceremony'));
      expect(entries[3].data).toMatchObject({ approvedBy: 'user:tester' });
      expect(entries[5].data).toMatchObject({ partyId: partner.utokyo, signedOn: TODAY });
      expect(entries[6].data).toMatchObject({ executedOn: TODAY, agreementType: 'comprehensive_alliance' });
      expect(entries[7].data).toMatchObject({ activatedOn: TODAY });
    });

    it('leaves an agreement signed, not active, when its effective date is still to come', async () => {
      const id = await draft(nictQuantum);
      await execute(id);
      expect(await detail(id)).toMatchObject({ status: 'signed', fullyExecuted: true });
      expect((await history(id)).map((entry) => entry.type)).not.toContain('AgreementActivated');
    });

    it('executes a testbed only when every one of its several partners has signed', async () => {
      const id = await draft(iicTestbed);
      await approve(id);
      for (const partyId of ['company', partner.iic, partner.fraunhofer]) {
        await post(`/${id}/sign`).send({ partyId }).expect(200);
        expect(await detail(id)).toMatchObject({ status: 'approved', fullyExecuted: false });
      }
      await post(`/${id}/sign`).send({ partyId: partner.bosch }).expect(200);
      const view = await detail(id);
      expect(view).toMatchObject({ status: 'active', fullyExecuted: true });
      expect(view.signatures.every((signature) => signature.signedOn === TODAY)).toBe(true);
    });

    it('refuses signatures before approval (422 not_approved) and from outsiders (422 not_a_party)', async () => {
      const id = await draft(biharMou);
      expectProblem(await post(`/${id}/sign`).send({ partyId: 'company' }), 422, 'not_approved');
      await approve(id);
      const outsider = await post(`/${id}/sign`).send({ partyId: partner.transgene });
      expectProblem(outsider, 422, 'not_a_party');
      expect(outsider.body.partyId).toBe(partner.transgene);
      expect((await detail(id)).signatures.every((signature) => signature.signedOn === null)).toBe(true);
    });

    it('answers a bad signing request with 400, an unknown agreement with 404', async () => {
      const id = await draft(biharMou);
      for (const body of [{}, { partyId: 'Government of Bihar' }, { partyId: 42 }]) {
        expect(fieldsOf(await post(`/${id}/sign`).send(body).expect(400))).toEqual(['partyId']);
      }
      const extra = await post(`/${id}/sign`).send({ partyId: 'company', on: '2026-06-01' }).expect(400);
      expect(fieldsOf(extra)).toEqual(['on']);
      expectProblem(await post(`/${NOBODY}/sign`).send({ partyId: 'company' }), 404, 'agreement_not_found');
      await post('/nope/sign').send({ partyId: 'company' }).expect(400);
    });

    it('refuses steps out of order (422) and a stale If-Match on a step (412)', async () => {
      const id = await draft(biharMou);
      expectProblem(await post(`/${id}/approve`), 422, 'not_in_review');
      await post(`/${id}/submit-for-review`).expect(200);
      expectProblem(await post(`/${id}/start-negotiation`), 422, 'not_a_draft');
      const stale = await post(`/${id}/approve`).set('If-Match', '"1"').expect(412);
      expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
      await post(`/${id}/approve`).set('If-Match', 'W/"2"').expect(200, { id, version: 3 });
      for (const step of ['start-negotiation', 'submit-for-review', 'approve']) {
        expectProblem(await post(`/${NOBODY}/${step}`), 404, 'agreement_not_found');
        await post(`/not-a-uuid/${step}`).expect(400);
      }
    });
  });

  describe('amend, renew and terminate', () => {
    let transgene: string;

    beforeAll(async () => {
      transgene = await draft(transgeneTg4050);
      await execute(transgene);
    });

    it('numbers the amendments of a signed agreement and shows them, with the terms they changed', async () => {
      const { version } = await detail(transgene);
      const first = await post(`/${transgene}/amend`)
        .set('If-Match', `"${version}"`)
        .send({ summary: 'Extend the co-development to the Phase II trial', changes: { expiryDate: '2028-01-14' } })
        .expect(200);
      expect(first.body).toEqual({ id: transgene, version: version + 1 });
      await post(`/${transgene}/amend`)
        .send({
          summary: 'Add cancer vaccines to the scope; longer notice',
          changes: { technologyAreas: ['AI', 'Healthcare', 'Cancer Vaccines'], noticePeriodDays: 180 },
        })
        .expect(200, { id: transgene, version: version + 2 });

      const view = await detail(transgene);
      expect(view).toMatchObject({
        status: 'active',
        expiryDate: '2028-01-14',
        technologyAreas: ['ai', 'healthcare', 'cancer-vaccines'],
        noticePeriodDays: 180,
        amendments: [
          {
            amendment: 1,
            summary: 'Extend the co-development to the Phase II trial',
            changes: { expiryDate: '2028-01-14' },
          },
          {
            amendment: 2,
            summary: 'Add cancer vaccines to the scope; longer notice',
            changes: { technologyAreas: ['ai', 'healthcare', 'cancer-vaccines'], noticePeriodDays: 180 },
          },
        ],
      });
      expect(view.amendments.every((amendment) => !Number.isNaN(Date.parse(amendment.amendedAt)))).toBe(true);
    });

    it('normalises amended funding as drafting does (currency upper case, schedule null)', async () => {
      await post(`/${transgene}/amend`)
        .send({
          summary: 'Raise the milestone funding',
          changes: { funding: [{ direction: 'outbound', amount: 3_500_000, currency: 'eur' }] },
        })
        .expect(200);
      // Amended funding is stored in the same shape as drafted funding.
      expect((await detail(transgene)).funding).toEqual([
        { direction: 'outbound', amount: 3_500_000, currency: 'EUR', schedule: null },
      ]);
    });

    it('refuses an amendment that changes nothing, or breaks the date rule (422)', async () => {
      const { expiryDate, version } = await detail(transgene);
      for (const changes of [{}, { expiryDate }]) {
        expectProblem(await post(`/${transgene}/amend`).send({ summary: 'No-op', changes }), 422, 'nothing_to_amend');
      }
      expectProblem(
        await post(`/${transgene}/amend`).send({
          summary: 'End before it began',
          changes: { expiryDate: '2024-12-31' },
        }),
        422,
        'expiry_before_effective',
      );
      expect((await detail(transgene)).version).toBe(version);
    });

    it('refuses to amend an agreement that is not signed (422 not_signed): its terms are revised instead', async () => {
      const id = await draft(transgeneTg4050);
      expectProblem(
        await post(`/${id}/amend`).send({ summary: 'Too early', changes: { noticePeriodDays: 30 } }),
        422,
        'not_signed',
      );
    });

    it('names every bad field of an amendment in a 400', async () => {
      const { version } = await detail(transgene);
      const response = await post(`/${transgene}/amend`)
        .send({ summary: '', changes: { expiryDate: '2028-02-30', title: 'Renamed', noticePeriodDays: -1 } })
        .expect(400);
      expect(fieldsOf(response)).toEqual([
        'changes.expiryDate',
        'changes.noticePeriodDays',
        'changes.title',
        'summary',
      ]);
      expect(fieldsOf(await post(`/${transgene}/amend`).send({ summary: 'x' }).expect(400))).toEqual(['changes']);
      await post(`/not-a-uuid/amend`)
        .send({ summary: 'x', changes: { noticePeriodDays: 1 } })
        .expect(400);
      expectProblem(
        await post(`/${NOBODY}/amend`).send({ summary: 'x', changes: { noticePeriodDays: 1 } }),
        404,
        'agreement_not_found',
      );
      expect((await detail(transgene)).version).toBe(version);
    });

    it('answers null for a term that cannot be cleared, in an amendment, with a 400 naming it', async () => {
      const { version } = await detail(transgene);
      const answers: Record<string, [number, unknown]> = {};
      for (const field of ['autoRenew', 'noticePeriodDays', 'technologyAreas', 'funding', 'ipTerms']) {
        const response = await post(`/${transgene}/amend`).send({ summary: 'Clear it', changes: { [field]: null } });
        answers[field] = [response.status, response.body.errors];
      }
      // Terms that cannot be cleared are refused as null in an amendment too (once a 500 from the
      // read model's NOT NULL columns).
      expect(answers).toEqual({
        autoRenew: [400, [expect.objectContaining({ field: 'changes.autoRenew' })]],
        noticePeriodDays: [400, [expect.objectContaining({ field: 'changes.noticePeriodDays' })]],
        technologyAreas: [400, [expect.objectContaining({ field: 'changes.technologyAreas' })]],
        funding: [400, [expect.objectContaining({ field: 'changes.funding' })]],
        ipTerms: [400, [expect.objectContaining({ field: 'changes.ipTerms' })]],
      });
      expect((await detail(transgene)).version).toBe(version);
    });

    it('renews to a later expiry date, counting renewals', async () => {
      const { expiryDate, renewals } = await detail(transgene);
      expectProblem(await post(`/${transgene}/renew`).send({ newExpiryDate: expiryDate }), 422, 'renewal_not_later');
      expectProblem(await post(`/${transgene}/renew`).send({ newExpiryDate: '2026-12-31' }), 422, 'renewal_not_later');
      await post(`/${transgene}/renew`).send({ newExpiryDate: '2030-01-14' }).expect(200);
      expect(await detail(transgene)).toMatchObject({ expiryDate: '2030-01-14', renewals: renewals + 1 });
      const renewed = (await history(transgene)).filter((entry) => entry.type === 'AgreementRenewed');
      expect(renewed.at(-1)?.data).toMatchObject({
        previousExpiryDate: expiryDate,
        newExpiryDate: '2030-01-14',
        automatic: false,
      });
    });

    it('answers a bad renewal with 400, a draft or open-ended agreement with 422', async () => {
      for (const body of [{}, { newExpiryDate: '2031-02-29' }, { newExpiryDate: '14/01/2031' }]) {
        const response = await post(`/${transgene}/renew`).send(body).expect(400);
        expect(fieldsOf(response)).toEqual(['newExpiryDate']);
      }
      const unsigned = await draft(transgeneTg4050);
      expectProblem(await post(`/${unsigned}/renew`).send({ newExpiryDate: '2031-01-14' }), 422, 'not_signed');
      const openEnded = await draft({ ...biharMou, expiryDate: null });
      await execute(openEnded);
      expectProblem(await post(`/${openEnded}/renew`).send({ newExpiryDate: '2031-01-14' }), 422, 'no_expiry');
    });

    it('terminates with a reason, once: after that nothing changes (422 agreement_ended)', async () => {
      const mou = await draft(biharMou);
      await execute(mou);
      for (const body of [{}, { reason: '' }, { reason: 42 }]) {
        expect(fieldsOf(await post(`/${mou}/terminate`).send(body).expect(400))).toEqual(['reason']);
      }
      expect((await detail(mou)).status).toBe('active');

      await post(`/${mou}/terminate`).send({ reason: 'The state programme was wound up' }).expect(200);
      expect((await detail(mou)).status).toBe('terminated');
      expect((await history(mou)).at(-1)).toMatchObject({
        type: 'AgreementTerminated',
        actor: 'user:tester',
        data: { reason: 'The state programme was wound up', terminatedOn: TODAY },
      });

      const { version } = await detail(mou);
      expectProblem(await post(`/${mou}/terminate`).send({ reason: 'Again' }), 422, 'agreement_ended');
      expectProblem(
        await post(`/${mou}/amend`).send({ summary: 'Revive', changes: { expiryDate: '2030-01-01' } }),
        422,
        'agreement_ended',
      );
      expectProblem(await post(`/${mou}/renew`).send({ newExpiryDate: '2030-01-01' }), 422, 'agreement_ended');
      expectProblem(
        await post(`/${mou}/obligations`).send({ kind: 'report', description: 'Final report', dueDate: '2026-07-31' }),
        422,
        'agreement_ended',
      );
      expect((await detail(mou)).version).toBe(version);

      // An ended agreement cannot be a parent any more.
      expectProblem(
        await drafting({ ...biharMou, title: 'Bihar fingerprint identification pilot', parentAgreementId: mou }),
        422,
        'parent_ended',
      );
      expectProblem(await post(`/${NOBODY}/terminate`).send({ reason: 'Ghost' }), 404, 'agreement_not_found');
    });
  });

  describe('obligations', () => {
    let id: string;
    const report = {
      kind: 'report',
      description: 'Annual joint research report to both steering committees',
      dueDate: '2027-03-31',
    };
    const add = async (body: object = report): Promise<string> =>
      ((await post(`/${id}/obligations`).send(body).expect(201)).body as { obligationId: string }).obligationId;
    const statusOf = async (obligationId: string) =>
      (await detail(id)).obligations.find((obligation) => obligation.id === obligationId)?.status;

    beforeAll(async () => {
      id = await draft({ ...utokyoAlliance, title: 'University of Tokyo brain-morphic AI joint research' });
      await execute(id);
    });

    it('adds an obligation: 201 with its id and the new version, listed by due date in the detail', async () => {
      const { version } = await detail(id);
      const response = await post(`/${id}/obligations`).set('If-Match', `"${version}"`).send(report).expect(201);
      expect(response.body).toEqual({
        id,
        version: version + 1,
        obligationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(response.headers.etag).toBe(`"${version + 1}"`);
      const earlier = await add({
        kind: 'publication_review',
        description: 'Review the brain-morphic AI paper before submission',
        dueDate: '2026-12-15',
      });
      const { obligations } = await detail(id);
      expect(obligations.map((obligation) => obligation.id).slice(0, 2)).toEqual([earlier, response.body.obligationId]);
      expect(obligations[1]).toEqual({ id: response.body.obligationId, ...report, status: 'open', closedOn: null });
    });

    it('names bad obligation fields in a 400', async () => {
      const { version } = await detail(id);
      const response = await post(`/${id}/obligations`)
        .send({ kind: 'invoice', description: '', dueDate: '2027-02-30', owner: 'someone' })
        .expect(400);
      expect(fieldsOf(response)).toEqual(['description', 'dueDate', 'kind', 'owner']);
      const timestamp = await post(`/${id}/obligations`)
        .send({ ...report, dueDate: '2027-03-31T00:00:00Z' })
        .expect(400);
      expect(fieldsOf(timestamp)).toEqual(['dueDate']);
      expect((await detail(id)).version).toBe(version);
      expectProblem(await post(`/${NOBODY}/obligations`).send(report), 404, 'agreement_not_found');
    });

    it('meets an obligation (again: no change); waiving it afterwards is 422 obligation_closed', async () => {
      const obligationId = await add();
      const met = await post(`/${id}/obligations/${obligationId}/meet`).expect(200);
      expect(await statusOf(obligationId)).toBe('met');
      await post(`/${id}/obligations/${obligationId}/meet`).expect(200, { id, version: met.body.version });
      expectProblem(
        await post(`/${id}/obligations/${obligationId}/waive`).send({ reason: 'No longer needed' }),
        422,
        'obligation_closed',
      );
      expect((await history(id)).at(-1)).toMatchObject({ type: 'ObligationMet', data: { obligationId, metOn: TODAY } });
    });

    it('waives an obligation with a reason (400 without); meeting it afterwards is 422 obligation_closed', async () => {
      const obligationId = await add({ kind: 'payment', description: 'Scholarship instalment', dueDate: '2026-10-01' });
      for (const body of [{}, { reason: '' }]) {
        const response = await post(`/${id}/obligations/${obligationId}/waive`).send(body).expect(400);
        expect(fieldsOf(response)).toEqual(['reason']);
      }
      expect(await statusOf(obligationId)).toBe('open');
      await post(`/${id}/obligations/${obligationId}/waive`)
        .send({ reason: 'Steering committee combined it with the next instalment' })
        .expect(200);
      expect(await statusOf(obligationId)).toBe('waived');
      expectProblem(await post(`/${id}/obligations/${obligationId}/meet`), 422, 'obligation_closed');
    });

    it('answers an unknown obligation with 404, a malformed one with 400', async () => {
      expectProblem(await post(`/${id}/obligations/${NOBODY}/meet`), 404, 'obligation_not_found');
      expectProblem(
        await post(`/${id}/obligations/${NOBODY}/waive`).send({ reason: 'x' }),
        404,
        'obligation_not_found',
      );
      const malformed = await post(`/${id}/obligations/report-1/meet`).expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'obligationId', message: 'obligationId must be a UUID' }]);
      await post(`/${id}/obligations/report-1/waive`).send({ reason: 'x' }).expect(400);
    });
  });

  describe('GET /agreements (the register)', () => {
    // Every agreement here has KETI as a party, and no other test's does: `partnerId` isolates them.
    const ids = { nda: '', interop: '', edge: '', testbed: '' };
    const base = { partyIds: [partner.keti], ownerId: 'alliance-manager-korea' };
    const titles = (page: AgreementPage) => page.items.map((item) => item.title);

    beforeAll(async () => {
      ids.nda = await draft({
        ...base,
        type: 'nda',
        title: 'Mutual NDA with KETI for IoT platform evaluation',
        effectiveDate: '2026-05-01',
        expiryDate: '2026-06-10',
      });
      ids.interop = await draft({
        ...base,
        type: 'joint_research',
        title: 'Interoperability (oneM2M) joint research with KETI',
        effectiveDate: '2025-07-01',
        expiryDate: '2026-06-30',
      });
      await execute(ids.interop);
      ids.edge = await draft({
        ...base,
        type: 'joint_research',
        title: 'Edge AI joint research with KETI',
        effectiveDate: '2024-01-01',
        expiryDate: '2026-12-31',
      });
      await execute(ids.edge);
      ids.testbed = await draft({
        ...base,
        partyIds: [partner.keti, partner.iic],
        type: 'testbed',
        title: 'Smart factory testbed with KETI and the IIC',
        effectiveDate: '2026-09-01',
      });
      await post(`/${ids.testbed}/submit-for-review`).expect(200);
    });

    it('filters by partner, type and status', async () => {
      const keti = `partnerId=${partner.keti}`;
      expect((await list(keti)).total).toBe(4);
      expect(new Set(idsOf(await list(`${keti}&type=joint_research`)))).toEqual(new Set([ids.interop, ids.edge]));
      expect(new Set(idsOf(await list(`${keti}&status=active`)))).toEqual(new Set([ids.interop, ids.edge]));
      expect(idsOf(await list(`${keti}&status=in_review`))).toEqual([ids.testbed]);
      expect(idsOf(await list(`${keti}&type=nda&status=draft`))).toEqual([ids.nda]);
      expect((await list(`${keti}&type=license`)).total).toBe(0);

      const allResearch = await list('type=joint_research&pageSize=100');
      expect(allResearch.items.every((item) => item.type === 'joint_research')).toBe(true);
      expect(idsOf(allResearch)).toEqual(expect.arrayContaining([ids.interop, ids.edge]));
      expect(idsOf(allResearch)).not.toContain(ids.nda);

      const iic = await list(`partnerId=${partner.iic}&pageSize=100`);
      expect(iic.items.every((item) => item.partyIds.includes(partner.iic))).toBe(true);
      expect(idsOf(iic)).toContain(ids.testbed);
      expect(idsOf(iic)).not.toContain(ids.nda);
    });

    it('filters signed or active agreements expiring within N days of the clock’s today', async () => {
      const keti = `partnerId=${partner.keti}`;
      // interop expires on 2026-06-30: 29 days after the clock's 2026-06-01. The draft NDA, expiring
      // sooner, is not in force and never counts.
      expect(idsOf(await list(`${keti}&expiringWithinDays=30`))).toEqual([ids.interop]);
      expect(idsOf(await list(`${keti}&expiringWithinDays=29`))).toEqual([ids.interop]);
      expect(idsOf(await list(`${keti}&expiringWithinDays=28`))).toEqual([]);
      expect(new Set(idsOf(await list(`${keti}&expiringWithinDays=365`)))).toEqual(new Set([ids.interop, ids.edge]));

      clock.set('2026-06-25T09:00:00Z');
      expect(idsOf(await list(`${keti}&expiringWithinDays=5`))).toEqual([ids.interop]);
      clock.set('2026-12-01T09:00:00Z');
      expect(idsOf(await list(`${keti}&expiringWithinDays=30`))).toEqual([ids.edge]);

      const everyone = await list('expiringWithinDays=3650&pageSize=100');
      expect(everyone.items.every((item) => ['signed', 'active'].includes(item.status))).toBe(true);
    });

    it('sorts (missing expiry dates last) and pages, with the total', async () => {
      const keti = `partnerId=${partner.keti}`;
      expect(idsOf(await list(`${keti}&sort=expiryDate`))).toEqual([ids.nda, ids.interop, ids.edge, ids.testbed]);
      expect(idsOf(await list(`${keti}&sort=-expiryDate`))).toEqual([ids.edge, ids.interop, ids.nda, ids.testbed]);
      expect(idsOf(await list(`${keti}&sort=-effectiveDate`))).toEqual([ids.testbed, ids.nda, ids.interop, ids.edge]);
      expect(idsOf(await list(`${keti}&sort=effectiveDate`))).toEqual([ids.edge, ids.interop, ids.nda, ids.testbed]);
      expect(titles(await list(`${keti}&sort=title`))).toEqual([
        'Edge AI joint research with KETI',
        'Interoperability (oneM2M) joint research with KETI',
        'Mutual NDA with KETI for IoT platform evaluation',
        'Smart factory testbed with KETI and the IIC',
      ]);
      // By default the most recently changed first: the testbed went to review last.
      const recent = await list(keti);
      expect(recent.items[0].id).toBe(ids.testbed);
      const updated = recent.items.map((item) => Date.parse(item.updatedAt));
      expect(updated).toEqual([...updated].sort((a, b) => b - a));

      const first = await list(`${keti}&sort=title&pageSize=3&page=1`);
      const second = await list(`${keti}&sort=title&pageSize=3&page=2`);
      const beyond = await list(`${keti}&sort=title&pageSize=3&page=3`);
      expect(first).toMatchObject({ page: 1, pageSize: 3, total: 4 });
      expect(second).toMatchObject({ page: 2, pageSize: 3, total: 4 });
      expect([...idsOf(first), ...idsOf(second)]).toEqual([ids.edge, ids.interop, ids.nda, ids.testbed]);
      expect(beyond).toMatchObject({ items: [], page: 3, total: 4 });
      expect(await list(keti)).toMatchObject({ page: 1, pageSize: 20 });
    });

    it('shows each item as a summary', async () => {
      const [item] = (await list(`partnerId=${partner.keti}&status=in_review`)).items;
      expect(item).toEqual({
        id: ids.testbed,
        type: 'testbed',
        title: 'Smart factory testbed with KETI and the IIC',
        status: 'in_review',
        partyIds: [partner.keti, partner.iic],
        ownerId: 'alliance-manager-korea',
        parentAgreementId: null,
        technologyAreas: [],
        effectiveDate: '2026-09-01',
        expiryDate: null,
        executedOn: null,
        activatedOn: null,
        endedOn: null,
        version: 2,
        updatedAt: expect.any(String),
      });
    });

    it('rejects unknown filters and bad values with a 400 naming each', async () => {
      const response = await http()
        .get(
          '/agreements?colour=red&page=0&pageSize=101&sort=size&status=pending&type=friendship&partnerId=keti&expiringWithinDays=soon',
        )
        .expect(400);
      expectProblem(response, 400, 'validation_failed');
      expect(fieldsOf(response)).toEqual([
        'colour',
        'expiringWithinDays',
        'page',
        'pageSize',
        'partnerId',
        'sort',
        'status',
        'type',
      ]);
      expect(fieldsOf(await get('?expiringWithinDays=-1').expect(400))).toEqual(['expiringWithinDays']);
    });
  });

  describe('GET /agreements/:id and its history', () => {
    it('answers 404 for an unknown agreement and 400 for a malformed id', async () => {
      expectProblem(await get(`/${NOBODY}`), 404, 'agreement_not_found');
      expectProblem(await get(`/${NOBODY}/history`), 404, 'agreement_not_found');
      const malformed = await get('/not-a-uuid').expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
      await get('/not-a-uuid/history').expect(400);
    });

    it('shows the agreement as it was at a past time (asOf), and 404 before it existed', async () => {
      const before = new Date().toISOString();
      await sleep(20);
      const id = await draft(transgeneTg4050);
      await sleep(20);
      const between = new Date().toISOString();
      await sleep(20);
      await patch(id).send({ title: 'TG4050 Phase I co-development' }).expect(200);
      await post(`/${id}/obligations`)
        .send({ kind: 'milestone_evidence', description: 'First patient dosed', dueDate: '2026-09-30' })
        .expect(201);
      await post(`/${id}/start-negotiation`).expect(200);

      const then = await get(`/${id}?asOf=${between}`).expect(200);
      expect(then.headers.etag).toBe('"1"');
      expect(then.body).toMatchObject({
        title: transgeneTg4050.title,
        status: 'draft',
        obligations: [],
        version: 1,
      });
      // Reading the past leaves the present alone.
      expect(await detail(id)).toMatchObject({
        title: 'TG4050 Phase I co-development',
        status: 'in_negotiation',
        obligations: [expect.objectContaining({ kind: 'milestone_evidence', status: 'open' })],
        version: 4,
      });

      expectProblem(await get(`/${id}?asOf=${before}`), 404, 'agreement_not_found');
      await get(`/${id}?asOf=2000-01-01T00:00:00Z`).expect(404);
      for (const asOf of ['yesterday', '2026-02-30T00:00:00Z']) {
        expect(fieldsOf(await get(`/${id}?asOf=${asOf}`).expect(400))).toEqual(['asOf']);
      }
      expect(fieldsOf(await get(`/${id}?version=1`).expect(400))).toEqual(['version']);
    });
  });

  describe('GET /agreements/deadlines and the scheduler', () => {
    const ids = { nda: '', pqc: '', internship: '', draftNda: '' };
    let scheduler: AgreementScheduler;
    const mine = <T extends { id: string }>(items: T[], of: string[]) => items.filter((item) => of.includes(item.id));
    const at = async (time: string) => {
      clock.set(time);
      const result = await scheduler.tick();
      expect(result.failed).toBe(0);
    };

    beforeAll(async () => {
      scheduler = app.get(AgreementScheduler);
      ids.nda = await draft({
        type: 'nda',
        title: 'NDA with Fraunhofer IOSB on inter-AI negotiation',
        partyIds: [partner.fraunhofer],
        ownerId: 'alliance-manager-europe',
        effectiveDate: '2024-06-21',
        expiryDate: '2026-06-20',
      });
      await execute(ids.nda);
      ids.pqc = await draft({
        ...nictQuantum,
        title: 'Joint research on post-quantum cryptography',
        effectiveDate: '2025-08-16',
        expiryDate: '2026-08-15',
      });
      await execute(ids.pqc);
      ids.internship = await draft({
        type: 'scholarship_internship',
        title: 'University of Tokyo summer internships 2026',
        partyIds: [partner.utokyo],
        ownerId: 'alliance-manager-ai-strategy',
        effectiveDate: '2026-06-15',
        expiryDate: '2026-09-30',
      });
      await execute(ids.internship);
      ids.draftNda = await draft({
        type: 'nda',
        title: 'NDA with Transgene on TG4050 data (draft)',
        partyIds: [partner.transgene],
        ownerId: 'alliance-manager-healthcare',
        effectiveDate: '2026-01-01',
        expiryDate: '2026-06-05',
      });
    });

    it('lists agreements in force expiring within N days of the clock’s today, with the days left', async () => {
      const all = Object.values(ids);
      const within30 = await deadlines('?withinDays=30');
      expect(within30.today).toBe(TODAY);
      expect(mine(within30.expiring, all)).toEqual([
        expect.objectContaining({ id: ids.nda, status: 'active', expiryDate: '2026-06-20', daysLeft: 19 }),
      ]);
      const within90 = await deadlines('?withinDays=90');
      expect(mine(within90.expiring, all).map((item) => [item.id, item.daysLeft])).toEqual([
        [ids.nda, 19],
        [ids.pqc, 75],
      ]);
      const within130 = await deadlines('?withinDays=130');
      expect(mine(within130.expiring, all).map((item) => [item.id, item.status, item.daysLeft])).toEqual([
        [ids.nda, 'active', 19],
        [ids.pqc, 'active', 75],
        [ids.internship, 'signed', 121],
      ]);
      const expiries = within130.expiring.map((item) => item.expiryDate ?? '');
      expect(expiries).toEqual([...expiries].sort());
      expect(within130.expiring.every((item) => ['signed', 'active'].includes(item.status))).toBe(true);
      // 90 days unless told.
      expect(mine((await deadlines()).expiring, all).map((item) => item.id)).toEqual([ids.nda, ids.pqc]);

      clock.set('2026-06-10T09:00:00Z');
      expect(mine((await deadlines('?withinDays=10')).expiring, all)).toEqual([
        expect.objectContaining({ id: ids.nda, daysLeft: 10 }),
      ]);
    });

    it('rejects a bad withinDays or an unknown parameter with a 400 naming it', async () => {
      for (const query of ['withinDays=-1', 'withinDays=soon', 'withinDays=3651', 'withinDays=1.5']) {
        expect(fieldsOf(await get(`/deadlines?${query}`).expect(400))).toEqual(['withinDays']);
      }
      expect(fieldsOf(await get('/deadlines?days=30').expect(400))).toEqual(['days']);
    });

    it('lists an obligation as overdue once the scheduler has marked it; met, waived and future ones never', async () => {
      const obligation = async (body: object) =>
        (
          (await post(`/${ids.pqc}/obligations`).send(body).expect(201)).body as {
            obligationId: string;
          }
        ).obligationId;
      const report = { kind: 'report', description: 'Quarterly QKD link report', dueDate: '2026-06-15' };
      const late = await obligation(report);
      const paid = await obligation({ kind: 'payment', description: 'Second instalment', dueDate: '2026-06-10' });
      const waived = await obligation({
        kind: 'milestone_evidence',
        description: 'Field trial evidence',
        dueDate: '2026-06-12',
      });
      const future = await obligation({
        kind: 'publication_review',
        description: 'Review the joint paper',
        dueDate: '2026-07-31',
      });
      const ours = [late, paid, waived, future];
      await post(`/${ids.pqc}/obligations/${paid}/meet`).expect(200);
      await post(`/${ids.pqc}/obligations/${waived}/waive`)
        .send({ reason: 'Trial moved to the next phase' })
        .expect(200);

      // Past due, but nothing is overdue until the scheduler says so.
      clock.set('2026-06-20T09:00:00Z');
      expect(mine((await deadlines()).overdueObligations, ours)).toEqual([]);

      await at('2026-06-20T09:00:00Z');
      const { today, overdueObligations } = await deadlines();
      expect(today).toBe('2026-06-20');
      expect(mine(overdueObligations, ours)).toEqual([
        {
          id: late,
          agreementId: ids.pqc,
          agreementTitle: 'Joint research on post-quantum cryptography',
          ...report,
          daysOverdue: 5,
        },
      ]);
      const statuses = Object.fromEntries((await detail(ids.pqc)).obligations.map((o) => [o.id, o.status]));
      expect(statuses).toEqual({ [late]: 'overdue', [paid]: 'met', [waived]: 'waived', [future]: 'open' });

      const entries = await history(ids.pqc);
      expect(entries.filter((entry) => entry.type === 'ObligationOverdue')).toEqual([
        expect.objectContaining({ actor: 'system:scheduler', data: expect.objectContaining({ obligationId: late }) }),
      ]);
      // Ticking again changes nothing.
      await at('2026-06-20T09:00:00Z');
      expect((await history(ids.pqc)).length).toBe(entries.length);

      // Met late: no longer overdue.
      await post(`/${ids.pqc}/obligations/${late}/meet`).expect(200);
      expect(mine((await deadlines()).overdueObligations, ours)).toEqual([]);
    });

    it('drops the overdue obligations of an agreement that has ended', async () => {
      const id = await draft({ ...biharMou, title: 'Bihar e-governance pilot (terminated)' });
      await execute(id);
      const { obligationId } = (
        await post(`/${id}/obligations`)
          .send({ kind: 'report', description: 'Pilot progress report', dueDate: '2026-06-05' })
          .expect(201)
      ).body as { obligationId: string };
      await at('2026-06-10T09:00:00Z');
      expect(mine((await deadlines()).overdueObligations, [obligationId])).toHaveLength(1);

      await post(`/${id}/terminate`).send({ reason: 'Pilot cancelled by the state' }).expect(200);
      // An ended agreement's overdue obligations leave the deadlines dashboard.
      expect(mine((await deadlines()).overdueObligations, [obligationId])).toEqual([]);
    });

    it('activates on the effective date, opens the renewal window, and expires the day after expiry', async () => {
      await at('2026-06-20T09:00:00Z');
      expect((await detail(ids.internship)).status).toBe('active');
      expect((await history(ids.internship)).at(-1)).toMatchObject({
        type: 'AgreementActivated',
        actor: 'system:scheduler',
        // In force from its effective date, whenever the scheduler came to it.
        data: { activatedOn: '2026-06-15' },
      });
      // The PQC research expires on 2026-08-15, 56 days on: the 60-day renewal window is open.
      expect(
        (await history(ids.pqc)).filter((entry) => entry.type === 'AgreementRenewalWindowOpened').map((e) => e.data),
      ).toEqual([expect.objectContaining({ daysBeforeExpiry: 60, expiryDate: '2026-08-15' })]);
      // The NDA is valid through its expiry day.
      expect((await detail(ids.nda)).status).toBe('active');
      expect(mine((await deadlines('?withinDays=0')).expiring, [ids.nda])).toEqual([
        expect.objectContaining({ id: ids.nda, daysLeft: 0 }),
      ]);

      await at('2026-06-21T09:00:00Z');
      expect((await detail(ids.nda)).status).toBe('expired');
      expect((await history(ids.nda)).at(-1)).toMatchObject({
        type: 'AgreementExpired',
        actor: 'system:scheduler',
        data: { expiredOn: '2026-06-21' },
      });
      expect(mine((await deadlines()).expiring, [ids.nda])).toEqual([]);
      expect(idsOf(await list('status=expired&pageSize=100'))).toContain(ids.nda);
      // A draft never expires.
      expect((await detail(ids.draftNda)).status).toBe('draft');
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
        'POST /agreements',
        'GET /agreements',
        'GET /agreements/deadlines',
        'GET /agreements/{id}',
        'PATCH /agreements/{id}',
        'GET /agreements/{id}/history',
        'POST /agreements/{id}/start-negotiation',
        'POST /agreements/{id}/submit-for-review',
        'POST /agreements/{id}/approve',
        'POST /agreements/{id}/sign',
        'POST /agreements/{id}/amend',
        'POST /agreements/{id}/renew',
        'POST /agreements/{id}/terminate',
        'POST /agreements/{id}/obligations',
        'POST /agreements/{id}/obligations/{obligationId}/meet',
        'POST /agreements/{id}/obligations/{obligationId}/waive',
      ]),
    );
  });
});
