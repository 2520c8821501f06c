import {
  agreementsOverHttp,
  biharMou,
  iicTestbed,
  nictQuantum,
  NOBODY,
  partner,
  transgeneTg4050,
  utokyoAlliance,
} from './agreements.http';

/** Drafting and revising: POST /agreements and PATCH /agreements/:id (set-up in agreements.http.ts). */
describe('agreement-service HTTP API', () => {
  const { http, post, patch, drafting, fieldsOf, expectProblem, draft, detail, history, list } =
    agreementsOverHttp('agreements_http_drafting');

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
});
