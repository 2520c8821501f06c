import { setTimeout as sleep } from 'node:timers/promises';
import type { AgreementPage } from '../src/agreements/list-agreements/list-agreements.query';
import { AgreementScheduler } from '../src/agreements/scheduler/agreement-scheduler';
import {
  agreementsOverHttp,
  biharMou,
  idsOf,
  nictQuantum,
  NOBODY,
  partner,
  TODAY,
  transgeneTg4050,
} from './agreements.http';

/**
 * The reads: the register, an agreement and its history, deadlines and the scheduler, and the OpenAPI
 * document (set-up in agreements.http.ts).
 */
describe('agreement-service HTTP API', () => {
  const {
    app,
    clock,
    http,
    post,
    patch,
    get,
    fieldsOf,
    expectProblem,
    draft,
    detail,
    history,
    list,
    deadlines,
    execute,
  } = agreementsOverHttp('agreements_http_reads');

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
      scheduler = app().get(AgreementScheduler);
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
