import {
  agreementsOverHttp,
  biharMou,
  iicTestbed,
  nictQuantum,
  NOBODY,
  partner,
  TODAY,
  transgeneTg4050,
  utokyoAlliance,
} from './agreements.http';

/**
 * The lifecycle: negotiation, review, approval and signatures; amendments, renewal and termination;
 * obligations (set-up in agreements.http.ts).
 */
describe('agreement-service HTTP API', () => {
  const { post, drafting, fieldsOf, expectProblem, draft, detail, history, approve, execute } =
    agreementsOverHttp('agreements_http_lifecycle');

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
});
