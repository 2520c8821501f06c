import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Clock, FakeClock } from '@accord/platform';
import { api } from '../../../test/support/auth';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import { AgreementServiceModule } from '../src/app.module';
import type { AgreementView } from '../src/agreements/get-agreement/agreement.view';
import type { AgreementPage } from '../src/agreements/list-agreements/list-agreements.query';
import { agreementService } from '../src/service';

/**
 * Acts logged after they happened, over HTTP against a real Postgres: each route takes its business
 * date, the status follows the dates, an executed agreement is logged in one request, and both time
 * axes answer (`asOf` recorded time, `validOn` business time).
 */
const NOW = '2026-12-05T09:00:00Z';
const utokyo = randomUUID();
const bihar = randomUUID();

// The NEC / University of Tokyo strategic partnership, concluded on 2016-09-05.
const alliance = {
  type: 'comprehensive_alliance',
  title: 'NEC/University of Tokyo Strategic Partnership for Future AI Research and Education',
  partyIds: [utokyo],
  ownerId: 'alliance-manager-ai-strategy',
  technologyAreas: ['ai'],
  effectiveDate: '2016-09-05',
  expiryDate: '2031-09-04',
};

describe('business dates on agreements', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new FakeClock(new Date(NOW));
  const http = () => api(app);
  const get = async <T>(path: string): Promise<T> => (await http().get(`/agreements${path}`).expect(200)).body as T;

  beforeAll(async () => {
    db = await createTestDatabase('agreement_dates');
    app = await bootService(
      agreementService,
      AgreementServiceModule,
      { DATABASE_URL: db.url, SCHEDULER_INTERVAL_MS: String(24 * 3600 * 1000) },
      (builder) => builder.overrideProvider(Clock).useValue(clock),
    );
    for (const [id, name] of [
      [utokyo, 'University of Tokyo'],
      [bihar, 'Government of Bihar'],
    ]) {
      await db.query(
        `INSERT INTO agreement.known_partners (partner_id, name, status, version, updated_at) VALUES ($1, $2, 'active', 1, now())`,
        [id, name],
      );
    }
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('logs the 2016 alliance in one request: the events of the whole path, each with its date, active at once', async () => {
    const created = await http()
      .post('/agreements')
      .send({
        ...alliance,
        execution: {
          approvedOn: '2016-08-26',
          signatures: [
            { partyId: 'company', signedOn: '2016-09-05' },
            { partyId: utokyo, signedOn: '2016-09-01' },
          ],
        },
      })
      .expect(201);
    const { id } = created.body as { id: string };

    const view = await get<AgreementView>(`/${id}`);
    expect(view).toMatchObject({
      status: 'active',
      approvedOn: '2016-08-26',
      executedOn: '2016-09-05',
      activatedOn: '2016-09-05',
      endedOn: null,
      signatures: [
        { partyId: 'company', signedOn: '2016-09-05' },
        { partyId: utokyo, signedOn: '2016-09-01' },
      ],
    });
    const events = await db.query<{ event_type: string; data: Record<string, unknown> }>(
      `SELECT event_type, data FROM agreement.events WHERE stream_id = $1 ORDER BY stream_version`,
      [`agreement-${id}`],
    );
    expect(events.map((e) => e.event_type)).toEqual([
      'AgreementDrafted',
      'AgreementSubmittedForReview',
      'AgreementApproved',
      'AgreementSignedByParty',
      'AgreementSignedByParty',
      'AgreementFullyExecuted',
      'AgreementActivated',
    ]);
    const established = await db.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM agreement.outbox WHERE message_key = $1 AND headers->>'ce_type' = 'accord.partnership.established.v1'`,
      [id],
    );
    expect(established).toHaveLength(1);
    expect(established[0].payload).toMatchObject({ executedOn: '2016-09-05', status: 'signed' });

    // Business time: in force on 2024-06-01, although Accord learned of it only today.
    expect(await get<AgreementView>(`/${id}?validOn=2024-06-01`)).toMatchObject({ status: 'active' });
    expect(await get<AgreementView>(`/${id}?validOn=2016-09-02`)).toMatchObject({
      status: 'approved',
      signatures: [
        { partyId: 'company', signedOn: null },
        { partyId: utokyo, signedOn: '2016-09-01' },
      ],
    });
    const before = await http().get(`/agreements/${id}?validOn=2016-01-01`).expect(404);
    expect(before.body.code).toBe('agreement_not_found');
    // Recorded time: before it was logged, Accord knew nothing of it.
    await http().get(`/agreements/${id}?asOf=2026-12-01T00:00:00Z`).expect(404);
    expect(idsOf(await get<AgreementPage>(`?inForceOn=2024-06-01&partnerId=${utokyo}`))).toContain(id);
    expect(idsOf(await get<AgreementPage>(`?inForceOn=2016-09-04&partnerId=${utokyo}`))).not.toContain(id);
  });

  it('records each act step by step with the date it happened, and ends one past its expiry at once', async () => {
    const { id } = (
      await http()
        .post('/agreements')
        .send({
          ...alliance,
          partyIds: [bihar],
          draftedOn: '2019-01-10',
          effectiveDate: '2019-02-12',
          expiryDate: '2024-02-11',
        })
        .expect(201)
    ).body as { id: string };
    await http().post(`/agreements/${id}/submit-for-review`).expect(200);
    const early = await http().post(`/agreements/${id}/approve`).send({ approvedOn: '2019-01-01' }).expect(422);
    expect(early.body).toMatchObject({ code: 'before_drafted' });
    await http().post(`/agreements/${id}/approve`).send({ approvedOn: '2019-02-01' }).expect(200);
    await http().post(`/agreements/${id}/sign`).send({ partyId: bihar, signedOn: '2019-02-10' }).expect(200);
    await http().post(`/agreements/${id}/sign`).send({ partyId: 'company', signedOn: '2019-02-11' }).expect(200);

    expect(await get<AgreementView>(`/${id}`)).toMatchObject({
      status: 'expired',
      executedOn: '2019-02-11',
      activatedOn: '2019-02-12',
      endedOn: '2024-02-12',
    });
    expect(await get<AgreementView>(`/${id}?validOn=2020-01-01`)).toMatchObject({ status: 'active' });
  });

  it('refuses a signature after the expiry date, a date in the future, and a date that is not one', async () => {
    // An MOU effective 2024-01-01, expiring 2026-12-04, signed by both sides on 2026-12-05.
    const { id } = (
      await http()
        .post('/agreements')
        .send({ ...alliance, type: 'mou', effectiveDate: '2024-01-01', expiryDate: '2026-12-04' })
        .expect(201)
    ).body as { id: string };
    await http().post(`/agreements/${id}/submit-for-review`).expect(200);
    await http().post(`/agreements/${id}/approve`).send({ approvedOn: '2023-12-15' }).expect(200);

    const late = await http().post(`/agreements/${id}/sign`).send({ partyId: utokyo, signedOn: '2026-12-05' });
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ code: 'signed_after_expiry' });
    const future = await http().post(`/agreements/${id}/sign`).send({ partyId: utokyo, signedOn: '2026-12-06' });
    expect(future.body).toMatchObject({ status: 422, code: 'date_in_future' });
    const bad = await http().post(`/agreements/${id}/sign`).send({ partyId: utokyo, signedOn: '5 Dec 2026' });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['signedOn']);
    expect((await get<AgreementView>(`/${id}`)).status).toBe('approved');
  });

  it('refuses a one-step log without every signature, and from someone who is not legal', async () => {
    const missing = await http()
      .post('/agreements')
      .send({ ...alliance, execution: { signatures: [{ partyId: 'company', signedOn: '2016-09-05' }] } });
    expect(missing.status).toBe(400);
    const partial = await http()
      .post('/agreements')
      .send({
        ...alliance,
        partyIds: [utokyo, bihar],
        execution: {
          signatures: [
            { partyId: 'company', signedOn: '2016-09-05' },
            { partyId: utokyo, signedOn: '2016-09-01' },
          ],
        },
      });
    expect(partial.body).toMatchObject({ status: 422, code: 'signatures_missing', partyIds: [bihar] });
    const forbidden = await api(app, ['alliance_manager'])
      .post('/agreements')
      .send({
        ...alliance,
        execution: {
          signatures: [
            { partyId: 'company', signedOn: '2016-09-05' },
            { partyId: utokyo, signedOn: '2016-09-01' },
          ],
        },
      });
    expect(forbidden.status).toBe(403);
  });
});

const idsOf = (page: AgreementPage) => page.items.map((item) => item.id);
