import {
  TODAY,
  partner,
  NOBODY,
  agreement,
  brainMorphic,
  type Detail,
  type Write,
  biometricVault,
  projectsHttp,
} from './projects.http.support';

/**
 * The project service over HTTP (set-up and fixtures: projects.http.support.ts).
 * POST /projects: proposing and logging a project; and every route in the OpenAPI document.
 */
describe('project-service HTTP API', () => {
  const {
    http,
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
  } = projectsHttp('projects_http_propose');

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

  it('documents the id a new milestone or outcome is answered with, as the client generated from it reads it', async () => {
    const document = (await http().get('/docs-json').expect(200)).body as {
      paths: Record<
        string,
        { post: { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> } }
      >;
      components: { schemas: Record<string, { required?: string[] }> };
    };
    const answered = (path: string) => {
      const { $ref } = document.paths[path].post.responses['201'].content['application/json'].schema;
      return document.components.schemas[$ref.split('/').pop()!].required;
    };
    expect(answered('/projects/{id}/milestones')).toEqual(['id', 'version', 'milestoneId']);
    expect(answered('/projects/{id}/outcomes')).toEqual(['id', 'version', 'outcomeId']);
  });
});
