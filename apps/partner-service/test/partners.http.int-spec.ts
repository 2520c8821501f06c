import type { INestApplication } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import { PartnerServiceModule } from '../src/app.module';
import { partnerService } from '../src/service';
import { api } from '../../../test/support/auth';

const utokyo = {
  name: 'University of Tokyo',
  type: 'university',
  country: 'JP',
  website: 'https://www.u-tokyo.ac.jp',
  technologyAreas: ['AI', 'Brain-morphic AI', 'AI ethics'],
  tier: 'strategic',
};

describe('partner-service HTTP API', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const http = () => api(app);

  async function register(body: object = utokyo): Promise<{ id: string; version: number }> {
    const response = await http().post('/partners').send(body).expect(201);
    return response.body as { id: string; version: number };
  }

  beforeAll(async () => {
    db = await createTestDatabase('partners_http');
    app = await bootService(partnerService, PartnerServiceModule, { DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('POST /partners', () => {
    it('registers a prospect with normalised tags, answering 201 with Location and ETag', async () => {
      const response = await http()
        .post('/partners')
        .send({ ...utokyo, name: 'NICT', type: 'research_institute' })
        .expect(201);
      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 1 });
      expect(response.headers.location).toBe(`/partners/${response.body.id}`);
      expect(response.headers.etag).toBe('"1"');
      const partner = await http().get(response.headers.location).expect(200);
      expect(partner.body).toMatchObject({
        name: 'NICT',
        status: 'prospect',
        tier: 'strategic',
        technologyAreas: ['ai', 'brain-morphic-ai', 'ai-ethics'],
        contacts: [],
      });
    });

    it('names every invalid field in one 400 and writes nothing', async () => {
      const before = await http().get('/partners').expect(200);
      const response = await http()
        .post('/partners')
        .send({
          name: '',
          type: 'zoo',
          country: 'Japan',
          website: 'not a url',
          technologyAreas: 'ai',
          tier: 'gold',
          extra: 1,
        })
        .expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.code).toBe('validation_failed');
      const fields = new Set((response.body.errors as { field: string }[]).map((e) => e.field));
      expect(fields).toEqual(new Set(['name', 'type', 'country', 'website', 'technologyAreas', 'tier', 'extra']));
      const after = await http().get('/partners').expect(200);
      expect(after.body.total).toBe(before.body.total);
    });

    it('answers a duplicate (same normalised name, same country) with 409 naming the existing partner', async () => {
      const { id } = await register({ ...utokyo, name: 'Osaka University', technologyAreas: ['secure-computation'] });
      const response = await http()
        .post('/partners')
        .send({ ...utokyo, name: 'the OSAKA  university.' })
        .expect(409);
      expect(response.body).toMatchObject({
        code: 'partner_duplicate',
        existingPartnerId: id,
        existingPartnerName: 'Osaka University',
      });
      // The same name elsewhere is another partner.
      await http()
        .post('/partners')
        .send({ ...utokyo, name: 'Osaka University', country: 'US' })
        .expect(201);
    });
  });

  describe('GET /partners', () => {
    beforeAll(async () => {
      await register({
        name: 'Fraunhofer IOSB',
        type: 'research_institute',
        country: 'DE',
        technologyAreas: ['inter-ai-negotiation'],
      });
      await register({
        name: 'Kabuku Inc.',
        type: 'startup',
        country: 'JP',
        technologyAreas: ['inter-ai-negotiation'],
      });
      await register({
        name: 'Transgene',
        type: 'corporate',
        country: 'FR',
        technologyAreas: ['healthcare', 'ai'],
        tier: 'key',
      });
    });

    it('filters by type, country, status and technology area, and searches names by words', async () => {
      const names = async (query: string) =>
        ((await http().get(`/partners?${query}`).expect(200)).body.items as { name: string }[]).map((p) => p.name);
      expect(await names('type=startup')).toEqual(['Kabuku Inc.']);
      expect(await names('country=de')).toEqual(['Fraunhofer IOSB']);
      expect(await names('technologyArea=Inter AI Negotiation')).toEqual(['Fraunhofer IOSB', 'Kabuku Inc.']);
      expect(await names('q=iosb fraun')).toEqual(['Fraunhofer IOSB']);
      expect(await names('status=active')).toEqual([]);
      expect(await names('country=FR&technologyArea=ai&type=corporate')).toEqual(['Transgene']);
    });

    it('sorts and pages, with the total', async () => {
      const first = await http().get('/partners?sort=-name&pageSize=2&page=1').expect(200);
      const second = await http().get('/partners?sort=-name&pageSize=2&page=2').expect(200);
      const all = await http().get('/partners?sort=-name&pageSize=100').expect(200);
      const allNames = (all.body.items as { name: string }[]).map((p) => p.name);
      expect([...first.body.items, ...second.body.items].map((p: { name: string }) => p.name)).toEqual(
        allNames.slice(0, 4),
      );
      expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: all.body.total });
      expect(allNames).toEqual([...allNames].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase())));
    });

    it('rejects unknown filters and bad paging with a 400 naming them', async () => {
      const response = await http().get('/partners?page=0&pageSize=1000&sort=size&colour=red').expect(400);
      expect((response.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
        'colour',
        'page',
        'pageSize',
        'sort',
      ]);
    });
  });

  describe('GET /partners/:id', () => {
    it('answers 404 for an unknown partner and 400 for a malformed id', async () => {
      await http().get('/partners/3f2b7c39-1d1e-4a55-9d2c-8d6c7c5f1e00').expect(404);
      const response = await http().get('/partners/not-a-uuid').expect(400);
      expect(response.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });

    it('shows the partner as of a past time', async () => {
      const { id } = await register({ ...utokyo, name: 'AIST' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const between = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await http().patch(`/partners/${id}`).send({ tier: 'key', website: null }).expect(200);
      const then = await http().get(`/partners/${id}?asOf=${between}`).expect(200);
      expect(then.body).toMatchObject({ tier: 'strategic', website: 'https://www.u-tokyo.ac.jp', version: 1 });
      expect(then.headers.etag).toBe('"1"');
      const now = await http().get(`/partners/${id}`).expect(200);
      expect(now.body).toMatchObject({ tier: 'key', website: null, version: 3 });
      await http().get(`/partners/${id}?asOf=2000-01-01T00:00:00Z`).expect(404);
      await http().get(`/partners/${id}?asOf=yesterday`).expect(400);
    });
  });

  describe('PATCH /partners/:id', () => {
    it('changes only what is sent and answers the new version; a stale If-Match is a 412 that changes nothing', async () => {
      const { id } = await register({ ...utokyo, name: 'Korea Electronics Technology Institute', country: 'KR' });
      const updated = await http()
        .patch(`/partners/${id}`)
        .set('If-Match', '"1"')
        .send({ technologyAreas: ['iot'] })
        .expect(200);
      expect(updated.body).toEqual({ id, version: 2 });
      expect(updated.headers.etag).toBe('"2"');
      const stale = await http().patch(`/partners/${id}`).set('If-Match', '"1"').send({ name: 'KETI' }).expect(412);
      expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
      const partner = await http().get(`/partners/${id}`).expect(200);
      expect(partner.body).toMatchObject({
        name: 'Korea Electronics Technology Institute',
        technologyAreas: ['iot'],
        version: 2,
      });
    });

    it('answers bad input with 400s: invalid fields, a null name, a malformed If-Match', async () => {
      const { id } = await register({ ...utokyo, name: 'Oki Electric Industry', type: 'corporate' });
      const invalid = await http().patch(`/partners/${id}`).send({ name: null, country: 'XX', tier: 1 }).expect(400);
      expect((invalid.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
        'country',
        'name',
        'tier',
      ]);
      await http().patch(`/partners/${id}`).set('If-Match', 'version 1').send({ tier: 'key' }).expect(400);
      await http().patch('/partners/3f2b7c39-1d1e-4a55-9d2c-8d6c7c5f1e00').send({ tier: 'key' }).expect(404);
    });

    it('answers a rename onto another partner of the same country with 409', async () => {
      const { id } = await register({ ...utokyo, name: 'Toyota Tsusho', type: 'corporate' });
      const response = await http().patch(`/partners/${id}`).send({ name: 'OSAKA university' }).expect(409);
      expect(response.body.code).toBe('partner_duplicate');
    });
  });

  describe('archive, restore and mark dormant', () => {
    it('archives, refuses edits while archived (422), and restores', async () => {
      const { id } = await register({ ...utokyo, name: 'Government of Bihar', type: 'government', country: 'IN' });
      await http().post(`/partners/${id}/archive`).send({ reason: 'MOU concluded' }).expect(200, { id, version: 2 });
      const refused = await http().patch(`/partners/${id}`).send({ tier: 'key' }).expect(422);
      expect(refused.body.code).toBe('partner_archived');
      await http().post(`/partners/${id}/restore`).expect(200, { id, version: 3 });
      expect((await http().get(`/partners/${id}`)).body.status).toBe('prospect');
      const again = await http().post(`/partners/${id}/restore`).expect(422);
      expect(again.body.code).toBe('partner_not_archived');
    });

    it('refuses to mark a prospect dormant (422) and an unknown partner (404)', async () => {
      const { id } = await register({
        ...utokyo,
        name: 'Industrial Internet Consortium',
        type: 'consortium',
        country: 'US',
      });
      expect((await http().post(`/partners/${id}/mark-dormant`).send({}).expect(422)).body.code).toBe(
        'partner_not_active',
      );
      await http().post('/partners/3f2b7c39-1d1e-4a55-9d2c-8d6c7c5f1e00/archive').expect(404);
      await http().post(`/partners/${id}/archive`).send({ reason: 42 }).expect(400);
    });
  });

  describe('contacts', () => {
    it('adds, updates, removes and erases a contact, with the partner version moving each time', async () => {
      const { id } = await register({ ...utokyo, name: 'University of Tokyo (contacts)' });
      const added = await http()
        .post(`/partners/${id}/contacts`)
        .send({
          name: 'Kazuyuki Aihara',
          email: 'aihara@example.ac.jp',
          role: 'principal_investigator',
          internal: false,
        })
        .expect(201);
      const { contactId } = added.body as { contactId: string };
      expect(added.body).toMatchObject({ id, version: 2 });

      await http()
        .patch(`/partners/${id}/contacts/${contactId}`)
        .set('If-Match', '"2"')
        .send({ role: 'executive_sponsor' })
        .expect(200, { id, version: 3 });
      let partner = (await http().get(`/partners/${id}`)).body;
      expect(partner).toMatchObject({
        contactCount: 1,
        contacts: [
          {
            id: contactId,
            name: 'Kazuyuki Aihara',
            email: 'aihara@example.ac.jp',
            role: 'executive_sponsor',
            status: 'current',
          },
        ],
      });

      await http().delete(`/partners/${id}/contacts/${contactId}`).expect(200, { id, version: 4 });
      partner = (await http().get(`/partners/${id}`)).body;
      expect(partner).toMatchObject({ contactCount: 0, contacts: [] });

      await http().post(`/partners/${id}/contacts/${contactId}/erase`).expect(200, { id, version: 5 });
      const history = (await http().get(`/partners/${id}/history`).expect(200)).body as {
        type: string;
        data: { name?: unknown };
      }[];
      expect(history.map((h) => h.type)).toEqual([
        'PartnerRegistered',
        'ContactAdded',
        'ContactUpdated',
        'ContactRemoved',
        'ContactErased',
      ]);
      expect(history[1].data.name).toBeNull();
    });

    it('answers bad contact input: invalid fields (400), unknown contact (404), erased contact (422)', async () => {
      const { id } = await register({ ...utokyo, name: 'Kabuku (contacts)', type: 'startup' });
      const invalid = await http()
        .post(`/partners/${id}/contacts`)
        .send({ name: '', email: 'nope', role: 'ceo' })
        .expect(400);
      expect((invalid.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
        'email',
        'internal',
        'name',
        'role',
      ]);
      const unknown = '3f2b7c39-1d1e-4a55-9d2c-8d6c7c5f1e00';
      await http().patch(`/partners/${id}/contacts/${unknown}`).send({ role: 'legal' }).expect(404);
      await http().delete(`/partners/${id}/contacts/${unknown}`).expect(404);
      await http().post(`/partners/${id}/contacts/${unknown}/erase`).expect(404);
      await http().delete(`/partners/${id}/contacts/nope`).expect(400);

      const { contactId } = (
        await http()
          .post(`/partners/${id}/contacts`)
          .send({ name: 'Legal Desk', email: 'legal@kabuku.example', role: 'legal', internal: false })
          .expect(201)
      ).body as { contactId: string };
      await http().post(`/partners/${id}/contacts/${contactId}/erase`).expect(200);
      await http().post(`/partners/${id}/contacts/${contactId}/erase`).expect(200);
      const refused = await http()
        .patch(`/partners/${id}/contacts/${contactId}`)
        .send({ name: 'Someone Else' })
        .expect(422);
      expect(refused.body.code).toBe('contact_erased');
    });
  });

  it('documents every route in OpenAPI', async () => {
    const { paths } = (await http().get('/docs-json').expect(200)).body as { paths: Record<string, object> };
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/partners',
        '/partners/{id}',
        '/partners/{id}/history',
        '/partners/{id}/archive',
        '/partners/{id}/restore',
        '/partners/{id}/contacts',
        '/partners/{id}/contacts/{contactId}',
        '/partners/{id}/contacts/{contactId}/erase',
      ]),
    );
  });
});
