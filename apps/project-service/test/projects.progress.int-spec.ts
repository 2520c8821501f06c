import {
  TODAY,
  partner,
  NOBODY,
  tg4050,
  type Write,
  gate,
  idsOf,
  brainMorphic,
  biometricVault,
  projectsHttp,
} from './projects.http.support';

/**
 * The project service over HTTP (set-up and fixtures: projects.http.support.ts).
 * A project under way: its milestones, budget and spend, and outcomes.
 */
describe('project-service HTTP API', () => {
  const { post, fieldsOf, expectProblem, propose, detail, history, list, review, outcome } =
    projectsHttp('projects_http_progress');

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
});
