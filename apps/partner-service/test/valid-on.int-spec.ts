import type { INestApplication } from '@nestjs/common';
import type { Response } from 'supertest';
import { Clock, FakeClock } from '@accord/platform';
import { api } from '../../../test/support/auth';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import { PartnerServiceModule } from '../src/app.module';
import { partnerService } from '../src/service';

/**
 * Business time on GET /partners/:id: `validOn` shows a partner as it stood in the world on a day,
 * whatever day its acts were logged; `asOf` (recorded time) combines with it. Every act here is
 * logged now, for days long past. The clock is fake: "today" is 2026-03-01.
 */
const TODAY = '2026-03-01';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('partner-service: GET /partners/:id?validOn=', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new FakeClock(new Date(`${TODAY}T10:00:00Z`));
  const http = () => api(app);

  beforeAll(async () => {
    db = await createTestDatabase('partner_valid_on');
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
      .send({ name, type: 'research_institute', country: 'DE', technologyAreas: ['ai'] })
      .expect(201);
    return (response.body as { id: string }).id;
  }
  const on = async (id: string, query: string) =>
    (await http().get(`/partners/${id}?${query}`).expect(200)).body as Record<string, unknown>;
  const fieldsOf = (response: Response) => (response.body.errors as { field: string }[]).map((e) => e.field);

  describe('a partner archived back-dated and restored, all logged today', () => {
    let id: string;
    let beforeRegistered: string;
    let afterArchive: string;

    beforeAll(async () => {
      beforeRegistered = new Date().toISOString();
      await sleep(20);
      id = await register('Fraunhofer IOSB (valid on)');
      // A key partner since 2014, archived in 2019 when the testbed concluded, restored in 2020.
      await http().patch(`/partners/${id}`).send({ tier: 'key', effectiveOn: '2014-04-01' }).expect(200);
      await http()
        .post(`/partners/${id}/archive`)
        .send({ reason: 'testbed concluded', archivedOn: '2019-03-31' })
        .expect(200);
      await sleep(20);
      afterArchive = new Date().toISOString();
      await sleep(20);
      await http().post(`/partners/${id}/restore`).send({ restoredOn: '2020-01-15' }).expect(200);
    });

    it('shows its status on days before, between and after the archive', async () => {
      expect(await on(id, 'validOn=2018-06-01')).toMatchObject({
        id,
        tier: 'key',
        status: 'prospect',
        // Its registration carries no date: it is taken to be no later than its first dated act.
        statusSince: '2014-04-01',
        activity: null,
        version: 2,
      });
      expect(await on(id, 'validOn=2019-03-31')).toMatchObject({ status: 'archived', statusSince: '2019-03-31' });
      expect(await on(id, 'validOn=2019-12-31')).toMatchObject({ status: 'archived', statusSince: '2019-03-31' });
      expect(await on(id, 'validOn=2020-01-15')).toMatchObject({ status: 'prospect', statusSince: '2020-01-15' });
      expect(await on(id, `validOn=${TODAY}`)).toMatchObject({ status: 'prospect', version: 4 });
      // The present is left alone.
      const now = (await http().get(`/partners/${id}`).expect(200)).body as Record<string, unknown>;
      expect(now).toMatchObject({ status: 'prospect', statusSince: '2020-01-15', version: 4 });
      expect(now.activity).not.toBeNull();
    });

    it('sends the version it shows as the ETag', async () => {
      const response = await http().get(`/partners/${id}?validOn=2019-06-01`).expect(200);
      expect(response.headers.etag).toBe('"3"');
    });

    it('answers 404 partner_not_found before anything had happened', async () => {
      const response = await http().get(`/partners/${id}?validOn=2014-03-31`).expect(404);
      expect(response.body).toMatchObject({ code: 'partner_not_found', detail: `no partner ${id} on 2014-03-31` });
    });

    it('combines with asOf: what had been recorded then, as it stood on that day', async () => {
      // Recorded by then: the archive, not yet the restore.
      expect(await on(id, `asOf=${afterArchive}&validOn=2021-01-01`)).toMatchObject({
        status: 'archived',
        statusSince: '2019-03-31',
        version: 3,
      });
      expect(await on(id, `asOf=${afterArchive}&validOn=2018-06-01`)).toMatchObject({
        status: 'prospect',
        tier: 'key',
        version: 2,
      });
      const missing = await http().get(`/partners/${id}?asOf=${beforeRegistered}&validOn=2021-01-01`).expect(404);
      expect(missing.body).toMatchObject({ code: 'partner_not_found' });
    });

    it('answers a day that is no calendar day with a 400 naming validOn', async () => {
      for (const validOn of ['2019-02-30', 'last spring', '2019-06-01T00:00:00Z', '01/06/2019']) {
        const response = await http()
          .get(`/partners/${id}?validOn=${encodeURIComponent(validOn)}`)
          .expect(400);
        expect(fieldsOf(response)).toEqual(['validOn']);
      }
    });
  });

  describe('contacts on a past day', () => {
    it('shows them as the current view does: none before they were added, no personal data for viewers nor once erased', async () => {
      const id = await register('KIT (contacts, valid on)');
      await http().post(`/partners/${id}/archive`).send({ archivedOn: '2019-03-31' }).expect(200);
      await http().post(`/partners/${id}/restore`).send({ restoredOn: '2020-01-15' }).expect(200);
      // Logged after the restore: taken to have come with it.
      const added = await http()
        .post(`/partners/${id}/contacts`)
        .send({ name: 'Erika Mustermann', email: 'erika@example.org', role: 'legal', internal: false })
        .expect(201);
      const { contactId } = added.body as { contactId: string };

      expect((await on(id, 'validOn=2019-06-01')).contacts).toEqual([]);
      expect((await on(id, 'validOn=2021-01-01')).contacts).toEqual([
        expect.objectContaining({ id: contactId, name: 'Erika Mustermann', email: 'erika@example.org' }),
      ]);
      const viewer = await api(app, ['viewer']).get(`/partners/${id}?validOn=2021-01-01`).expect(200);
      expect(viewer.body.contacts).toEqual([expect.objectContaining({ id: contactId, name: null, email: null })]);

      await http().post(`/partners/${id}/contacts/${contactId}/erase`).expect(200);
      for (const query of ['validOn=2021-01-01', `validOn=2021-01-01&asOf=${new Date().toISOString()}`]) {
        const past = await on(id, query);
        expect(past.contacts).toEqual([expect.objectContaining({ id: contactId, name: null, email: null })]);
        expect(JSON.stringify(past)).not.toContain('Mustermann');
      }
    });
  });

  it('documents validOn on GET /partners/{id}', async () => {
    const document = (await http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { description?: string; parameters?: { name: string }[] }>>;
    };
    const get = document.paths['/partners/{id}'].get;
    expect(get.parameters?.map((p) => p.name)).toEqual(['id', 'asOf', 'validOn']);
    expect(get.description).toContain('validOn');
  });
});
