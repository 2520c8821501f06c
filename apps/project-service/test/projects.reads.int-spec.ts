import { setTimeout as sleep } from 'node:timers/promises';
import type { Funnel, OutcomeStats } from '../src/projects/funnel/portfolio.queries';
import {
  TODAY,
  partner,
  NOBODY,
  agreement,
  brainMorphic,
  biometricVault,
  genomeAnalysis,
  tg4050,
  type GateDecisionView,
  type RecentDecision,
  GATEKEEPERS,
  gate,
  idsOf,
  projectsHttp,
} from './projects.http.support';

/**
 * The project service over HTTP (set-up and fixtures: projects.http.support.ts).
 * What is read of projects: the register, one project and its history, the funnel and outcome statistics.
 */
describe('project-service HTTP API', () => {
  const {
    clock,
    post,
    get,
    fieldsOf,
    expectProblem,
    propose,
    detail,
    history,
    list,
    review,
    outcome,
    funnel,
    outcomeStats,
    everyProject,
  } = projectsHttp('projects_http_reads');

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
      // Recorded by the service's clock (fake here), which runs on from where the test set it.
      const start = clock.now().getTime();
      const id = await propose(tg4050);
      await post(`/${id}/gate-reviews`)
        .set('X-Correlation-Id', 'tg4050-steering-committee-2026-06')
        .send(gate('go', { notes: 'First patient dosed' }))
        .expect(200);
      await post(`/${id}/spend`)
        .send({ amount: 50_000, currency: 'EUR', description: 'Sequencing', spentOn: '2026-06-01' })
        .expect(200);
      const end = clock.now().getTime();

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
});
