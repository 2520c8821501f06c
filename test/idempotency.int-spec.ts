import type { INestApplication } from '@nestjs/common';
import { AgreementServiceModule } from '../apps/agreement-service/src/app.module';
import { agreementService } from '../apps/agreement-service/src/service';
import { PartnerServiceModule } from '../apps/partner-service/src/app.module';
import { partnerService } from '../apps/partner-service/src/service';
import { ProjectServiceModule } from '../apps/project-service/src/app.module';
import { projectService } from '../apps/project-service/src/service';
import { api } from './support/auth';
import { createTestDatabase, type TestDatabase } from './support/database';
import { onceKnown } from './support/eventually';
import { bootService } from './support/service';

/**
 * A client that did not hear the answer to a create retries it with the same Idempotency-Key: it
 * gets the original answer, and exactly one resource exists, however the first attempt ended.
 */
describe('Idempotency-Key on create routes', () => {
  let db: TestDatabase;
  let partners: INestApplication;
  let agreements: INestApplication;
  let projects: INestApplication;
  const ada = () => api(partners, ['alliance_manager'], { subject: 'ada' });
  const eventsOf = async (stream: string) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${stream}`))[0].n;

  beforeAll(async () => {
    db = await createTestDatabase('idempotency');
    const env = { DATABASE_URL: db.url };
    partners = await bootService(partnerService, PartnerServiceModule, env);
    agreements = await bootService(agreementService, AgreementServiceModule, env);
    projects = await bootService(projectService, ProjectServiceModule, env);
  }, 60_000);

  afterAll(async () => {
    for (const app of [projects, agreements, partners]) await app?.close();
    await db?.drop();
  });

  const aalto = { name: 'Aalto University', type: 'university', country: 'FI', technologyAreas: ['6g'] };

  it('answers a retry with the original result, and registers the partner once', async () => {
    const first = await ada().post('/partners').set('Idempotency-Key', 'register-aalto-1').send(aalto).expect(201);
    const retry = await ada().post('/partners').set('Idempotency-Key', 'register-aalto-1').send(aalto).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(`/partners/${first.body.id}`);
    expect(retry.headers.etag).toBe('"1"');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The same body with the fields in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(aalto).reverse());
    expect((await ada().post('/partners').set('Idempotency-Key', 'register-aalto-1').send(reordered)).body).toEqual(
      first.body,
    );
    expect(await eventsOf(`partner.events WHERE stream_id = 'partner-${first.body.id as string}'`)).toBe(1);
    expect(await eventsOf(`partner.partner_directory WHERE name = 'Aalto University'`)).toBe(1);
  });

  it('refuses the same key for a different request (422), and keeps keys apart per user', async () => {
    const other = { ...aalto, name: 'University of Oulu' };
    const reused = await ada().post('/partners').set('Idempotency-Key', 'register-aalto-1').send(other).expect(422);
    expect(reused.body).toMatchObject({ code: 'idempotency_key_reused' });
    const lee = await api(partners, ['alliance_manager'], { subject: 'lee' })
      .post('/partners')
      .set('Idempotency-Key', 'register-aalto-1')
      .send(other)
      .expect(201);
    expect(lee.headers['idempotent-replayed']).toBeUndefined();
  });

  it('creates once when the same create arrives many times at once', async () => {
    const body = { name: 'VTT Technical Research Centre', type: 'research_institute', country: 'FI' };
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => ada().post('/partners').set('Idempotency-Key', 'register-vtt').send(body)),
    );
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((answer) => answer.body.id as string)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    const [id] = new Set(answers.map((answer) => answer.body.id as string));
    expect(await eventsOf(`partner.events WHERE stream_id = 'partner-${id}'`)).toBe(1);
    expect(await eventsOf(`partner.partner_directory WHERE name LIKE 'VTT%'`)).toBe(1);
  });

  it('answers with the resource when the first attempt died after creating it, before recording its answer', async () => {
    const body = { name: 'Tampere University', type: 'university', country: 'FI' };
    const first = await ada().post('/partners').set('Idempotency-Key', 'register-tampere').send(body).expect(201);
    await db.query(`UPDATE partner.idempotency_keys SET response = NULL WHERE key = 'register-tampere'`);
    const retry = await ada().post('/partners').set('Idempotency-Key', 'register-tampere').send(body).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await eventsOf(`partner.events WHERE stream_id = 'partner-${first.body.id as string}'`)).toBe(1);
  });

  it('forgets the key of a create that failed, so that the retry after the fix goes through', async () => {
    const partner = (
      await ada()
        .post('/partners')
        .send({ ...aalto, name: 'LUT University' })
        .expect(201)
    ).body.id;
    const draft = {
      type: 'mou',
      title: 'LUT memorandum',
      partyIds: [partner],
      ownerId: 'alliance-nordics',
      effectiveDate: '2026-01-01',
    };
    const drafted = await onceKnown(() =>
      api(agreements).post('/agreements').set('Idempotency-Key', 'draft-lut').send(draft),
    );
    expect(drafted.status).toBe(201);
    const again = await api(agreements).post('/agreements').set('Idempotency-Key', 'draft-lut').send(draft).expect(201);
    expect(again.body).toEqual(drafted.body);
    // A project under an agreement the project service does not know as signed: 422, nothing stored.
    const proposal = {
      title: 'LUT pilot',
      agreementIds: [drafted.body.id],
      leadPartnerIds: [partner],
      budget: { amount: 50_000, currency: 'EUR' },
    };
    const refused = await api(projects).post('/projects').set('Idempotency-Key', 'propose-lut').send(proposal);
    expect(refused.status).toBe(422);
    expect((await db.query(`SELECT 1 FROM project.idempotency_keys WHERE key = 'propose-lut'`)).length).toBe(0);
  }, 60_000);

  it('names a malformed key as a bad field', async () => {
    const answer = await ada()
      .post('/partners')
      .set('Idempotency-Key', 'x'.repeat(256))
      .send({ ...aalto, name: 'Too Long Key' })
      .expect(400);
    expect(answer.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.stringContaining('255') }]);
  });
});
