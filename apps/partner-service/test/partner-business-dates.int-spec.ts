import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { PostgresEventStore } from '@accord/event-store';
import type { ReceivedMessage } from '@accord/messaging';
import { Clock, FakeClock, type HistoryEntry } from '@accord/platform';
import { api } from '../../../test/support/auth';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import { PartnerServiceModule } from '../src/app.module';
import { partnerActivityConsumer } from '../src/partners/partner-activity/partner-activity.consumer';
import { partnerService } from '../src/service';

/**
 * Alliance managers record acts long after they happened: archives, restores, tier changes and
 * activations carry the day they happened (the business date), and last activity follows those
 * days. The clock is fake: "today" is 2026-03-01.
 */
const TODAY = '2026-03-01';

describe('partner business dates', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new FakeClock(new Date(`${TODAY}T10:00:00Z`));
  const http = () => api(app);

  beforeAll(async () => {
    db = await createTestDatabase('partner_dates');
    app = await bootService(partnerService, PartnerServiceModule, { DATABASE_URL: db.url }, (builder) =>
      builder.overrideProvider(Clock).useValue(clock),
    );
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function register(name: string): Promise<string> {
    const response = await http()
      .post('/partners')
      .send({ name, type: 'university', country: 'JP', technologyAreas: ['ai'] })
      .expect(201);
    return (response.body as { id: string }).id;
  }
  const history = async (id: string) =>
    (await http().get(`/partners/${id}/history`).expect(200)).body as HistoryEntry[];
  const view = async (id: string) => (await http().get(`/partners/${id}`).expect(200)).body as Record<string, unknown>;

  /** A message from the agreement service, handled as the partner service's consumer does. */
  async function receive(type: string, payload: object): Promise<void> {
    const store = app.get(PostgresEventStore);
    const message: ReceivedMessage = {
      id: randomUUID(),
      type,
      key: null,
      topic: 'accord.agreements',
      partition: 0,
      offset: '0',
      payload,
      headers: {},
    };
    await store.dataSource.transaction((tx) => partnerActivityConsumer.handle(message, tx, store));
  }
  const established = (partnerId: string, executedOn: string) =>
    receive('accord.partnership.established.v1', {
      agreementId: randomUUID(),
      version: 8,
      occurredAt: `${TODAY}T09:00:00.000Z`,
      status: 'signed',
      partnerIds: [partnerId],
      executedOn,
    });

  describe('archive and restore', () => {
    it('archives as of a past day: the history and the view carry that day', async () => {
      const id = await register('Fraunhofer IOSB (archived in 2019)');
      await http()
        .post(`/partners/${id}/archive`)
        .send({ reason: 'testbed concluded', archivedOn: '2019-03-31' })
        .expect(200, { id, version: 2 });
      const [, archived] = await history(id);
      expect(archived).toMatchObject({
        type: 'PartnerArchived',
        data: { reason: 'testbed concluded', archivedOn: '2019-03-31' },
      });
      expect(await view(id)).toMatchObject({ status: 'archived', statusSince: '2019-03-31' });

      const early = await http().post(`/partners/${id}/restore`).send({ restoredOn: '2019-03-30' }).expect(422);
      expect(early.body).toMatchObject({ code: 'before_archived', field: 'restoredOn' });
      await http().post(`/partners/${id}/restore`).send({ restoredOn: '2020-01-15' }).expect(200);
      expect(await view(id)).toMatchObject({ status: 'prospect', statusSince: '2020-01-15' });
    });

    it('dates a change today (by the clock) when no day is given', async () => {
      const id = await register('Kabuku (archived today)');
      await http().post(`/partners/${id}/archive`).expect(200);
      expect((await history(id))[1].data).toMatchObject({ archivedOn: TODAY });
      await http().post(`/partners/${id}/restore`).expect(200);
      expect((await history(id))[2].data).toMatchObject({ restoredOn: TODAY });
    });

    it('refuses a day after today with 422 date_in_future, and changes nothing', async () => {
      const id = await register('AIST (future)');
      const refused = await http().post(`/partners/${id}/archive`).send({ archivedOn: '2026-03-02' }).expect(422);
      expect(refused.body).toMatchObject({ code: 'date_in_future', field: 'archivedOn' });
      const tier = await http().patch(`/partners/${id}`).send({ tier: 'key', effectiveOn: '2027-01-01' }).expect(422);
      expect(tier.body.code).toBe('date_in_future');
      expect(await view(id)).toMatchObject({ status: 'prospect', tier: 'standard', version: 1 });
    });

    it('answers a date that is no calendar day with a 400 naming the field', async () => {
      const id = await register('Osaka University (bad dates)');
      const fields = async (request: Promise<{ body: { errors: { field: string }[] } }>) =>
        (await request).body.errors.map((error) => error.field);
      expect(
        await fields(http().post(`/partners/${id}/archive`).send({ archivedOn: 'last spring' }).expect(400)),
      ).toEqual(['archivedOn']);
      expect(
        await fields(http().post(`/partners/${id}/restore`).send({ restoredOn: '2019-02-30' }).expect(400)),
      ).toEqual(['restoredOn']);
      expect(
        await fields(http().patch(`/partners/${id}`).send({ tier: 'key', effectiveOn: '01/04/2018' }).expect(400)),
      ).toEqual(['effectiveOn']);
      expect(
        await fields(
          http().post(`/partners/${id}/mark-dormant`).send({ markedDormantOn: '2019-01-01T00:00:00Z' }).expect(400),
        ),
      ).toEqual(['markedDormantOn']);
    });
  });

  it('dates a tier change with effectiveOn', async () => {
    const id = await register('NICT (tier)');
    await http().patch(`/partners/${id}`).send({ tier: 'strategic', effectiveOn: '2018-04-01' }).expect(200);
    expect((await history(id))[1]).toMatchObject({
      type: 'PartnerTierChanged',
      data: { from: 'standard', to: 'strategic', changedOn: '2018-04-01' },
    });
  });

  it('activates a partner as of the day its partnership was established; one established earlier but logged later changes nothing', async () => {
    const id = await register('University of Tokyo (activated 2016)');
    await established(id, '2016-09-05');
    expect(await view(id)).toMatchObject({ status: 'active', statusSince: '2016-09-05', version: 2 });
    await established(id, '2015-01-20');
    const events = await history(id);
    expect(events.map((event) => event.type)).toEqual(['PartnerRegistered', 'PartnerActivated']);
    expect(events[1].data).toMatchObject({ activatedOn: '2016-09-05' });
    // Its last activity is the day the partnership was established, not the day it was logged.
    expect((await view(id)).activity).toMatchObject({ lastActivityAt: '2016-09-05T00:00:00.000Z' });

    // Dormant since 2024: a partnership of 2019 logged now does not wake it, one of 2025 does.
    await http().post(`/partners/${id}/mark-dormant`).send({ markedDormantOn: '2024-04-01' }).expect(200);
    await established(id, '2019-05-01');
    expect(await view(id)).toMatchObject({ status: 'dormant', statusSince: '2024-04-01' });
    await established(id, '2025-06-30');
    expect(await view(id)).toMatchObject({ status: 'active', statusSince: '2025-06-30' });
  });

  describe('GET /partners by last activity', () => {
    const ids: Record<'old' | 'recent' | 'none', string> = { old: '', recent: '', none: '' };

    beforeAll(async () => {
      ids.old = await register('Dormancy Candidate Old');
      ids.recent = await register('Dormancy Candidate Recent');
      ids.none = await register('Dormancy Candidate None');
      const drafted = (partnerId: string, draftedOn: string) =>
        receive('accord.agreement.drafted.v1', {
          agreementId: randomUUID(),
          version: 1,
          occurredAt: `${TODAY}T09:00:00.000Z`,
          status: 'draft',
          partnerIds: [partnerId],
          draftedOn,
        });
      await drafted(ids.old, '2016-07-01');
      await drafted(ids.recent, '2026-02-20');
    });

    const list = async (query: string) =>
      (await http().get(`/partners?q=dormancy%20candidate&${query}`).expect(200)).body.items as {
        id: string;
        lastActivityAt: string | null;
      }[];

    it('shows each row with its last activity (null when none)', async () => {
      const rows = await list('sort=name');
      expect(Object.fromEntries(rows.map((row) => [row.id, row.lastActivityAt]))).toEqual({
        [ids.old]: '2016-07-01T00:00:00.000Z',
        [ids.recent]: '2026-02-20T00:00:00.000Z',
        [ids.none]: null,
      });
    });

    it('finds dormant candidates: no activity for N days or more, or none at all', async () => {
      expect((await list('inactiveForDays=30&sort=name')).map((row) => row.id)).toEqual([ids.none, ids.old]);
      // 2026-02-20 is 9 days before today: inactive for 9 days, not for 10.
      expect((await list('inactiveForDays=9')).map((row) => row.id)).toContain(ids.recent);
      expect((await list('inactiveForDays=10')).map((row) => row.id)).not.toContain(ids.recent);
    });

    it('sorts by last activity: none first going up, last going down', async () => {
      expect((await list('sort=lastActivityAt')).map((row) => row.id)).toEqual([ids.none, ids.old, ids.recent]);
      expect((await list('sort=-lastActivityAt')).map((row) => row.id)).toEqual([ids.recent, ids.old, ids.none]);
    });

    it('answers a bad inactiveForDays with a 400 naming it', async () => {
      for (const value of ['0', 'soon', '1.5']) {
        const response = await http().get(`/partners?inactiveForDays=${value}`).expect(400);
        expect((response.body.errors as { field: string }[]).map((error) => error.field)).toEqual(['inactiveForDays']);
      }
    });
  });

  it('documents the new fields in OpenAPI', async () => {
    const document = (await http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
      components: { schemas: Record<string, { properties: Record<string, { description?: string }> }> };
    };
    expect(document.paths['/partners'].get.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['inactiveForDays', 'sort']),
    );
    const { schemas } = document.components;
    for (const [schema, field] of [
      ['ArchivePartnerRequest', 'archivedOn'],
      ['RestorePartnerRequest', 'restoredOn'],
      ['MarkPartnerDormantRequest', 'markedDormantOn'],
      ['UpdatePartnerRequest', 'effectiveOn'],
      ['PartnerListItem', 'lastActivityAt'],
    ]) {
      expect(schemas[schema]?.properties[field]?.description).toEqual(expect.any(String));
    }
  });
});
