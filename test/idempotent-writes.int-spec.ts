import type { INestApplication } from '@nestjs/common';
import { AgreementServiceModule } from '../apps/agreement-service/src/app.module';
import { agreementService } from '../apps/agreement-service/src/service';
import { PartnerServiceModule } from '../apps/partner-service/src/app.module';
import { partnerService } from '../apps/partner-service/src/service';
import { api } from './support/auth';
import { createTestDatabase, type TestDatabase } from './support/database';
import { onceKnown } from './support/eventually';
import { bootService } from './support/service';

/**
 * A client that did not hear the answer to a write (a 503 after the commit, a dropped connection)
 * retries it with the same Idempotency-Key: the change is applied once, and the retry gets the
 * original answer. Creates are covered in idempotency.int-spec.ts; these are the other writes.
 */
describe('Idempotency-Key on every write', () => {
  let db: TestDatabase;
  let partners: INestApplication;
  let agreements: INestApplication;
  let partnerId: string;
  const ada = () => api(partners, ['alliance_manager'], { subject: 'ada' });
  const count = async (from: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from}`))[0].n;
  const contactsAdded = () =>
    count(`partner.events WHERE stream_id = 'partner-${partnerId}' AND event_type = 'ContactAdded'`);

  beforeAll(async () => {
    db = await createTestDatabase('idempotent_writes');
    const env = { DATABASE_URL: db.url };
    partners = await bootService(partnerService, PartnerServiceModule, env);
    agreements = await bootService(agreementService, AgreementServiceModule, env);
    partnerId = (
      await ada().post('/partners').send({ name: 'Aalto University', type: 'university', country: 'FI' }).expect(201)
    ).body.id as string;
  }, 60_000);

  afterAll(async () => {
    for (const app of [agreements, partners]) await app?.close();
    await db?.drop();
  });

  const contact = (name: string) => ({ name, email: 'ines@aalto.fi', role: 'principal_investigator', internal: false });

  it('applies a retried write once and answers the retry with the original answer', async () => {
    const before = await contactsAdded();
    const first = await ada()
      .post(`/partners/${partnerId}/contacts`)
      .set('Idempotency-Key', 'add-ines')
      .send(contact('Ines Aalto'))
      .expect(201);
    const retry = await ada()
      .post(`/partners/${partnerId}/contacts`)
      .set('Idempotency-Key', 'add-ines')
      .send(contact('Ines Aalto'))
      .expect(201);
    // The server-chosen contact id included: the retry learns the id the first attempt gave.
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await contactsAdded()).toBe(before + 1);

    // A PATCH likewise: one ProfileUpdated, however often it is sent.
    const website = { website: 'https://www.aalto.fi' };
    const patched = await ada()
      .patch(`/partners/${partnerId}`)
      .set('Idempotency-Key', 'web-1')
      .send(website)
      .expect(200);
    await ada().patch(`/partners/${partnerId}`).set('Idempotency-Key', 'web-1').send(website).expect(200);
    const version = Number(JSON.parse(patched.headers.etag));
    expect(await count(`partner.events WHERE stream_id = 'partner-${partnerId}'`)).toBe(version);
  });

  it('refuses the same key with a different body (422), and writes nothing for it', async () => {
    const before = await contactsAdded();
    const reused = await ada()
      .post(`/partners/${partnerId}/contacts`)
      .set('Idempotency-Key', 'add-ines')
      .send(contact('Someone Else'))
      .expect(422);
    expect(reused.body).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await contactsAdded()).toBe(before);
  });

  it('applies a write once when the same one arrives many times at once', async () => {
    const before = await contactsAdded();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        ada()
          .post(`/partners/${partnerId}/contacts`)
          .set('Idempotency-Key', 'add-jaakko')
          .send(contact('Jaakko Virta')),
      ),
    );
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((answer) => answer.body.contactId as string)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    expect(await contactsAdded()).toBe(before + 1);
  });

  it('applies it once when the first attempt committed but died before recording its answer', async () => {
    const before = await contactsAdded();
    const first = await ada()
      .post(`/partners/${partnerId}/contacts`)
      .set('Idempotency-Key', 'add-liisa')
      .send(contact('Liisa Koski'))
      .expect(201);
    // What the append's own transaction recorded, before the route's full answer was stored.
    await db.query(`UPDATE partner.idempotency_keys SET response = NULL WHERE key = 'add-liisa'`);
    const retry = await ada()
      .post(`/partners/${partnerId}/contacts`)
      .set('Idempotency-Key', 'add-liisa')
      .send(contact('Liisa Koski'))
      .expect(201);
    expect(retry.body).toEqual({ id: partnerId, version: first.body.version });
    expect(retry.headers.etag).toBe(`"${first.body.version as number}"`);
    expect(await contactsAdded()).toBe(before + 1);
  });

  it('keeps no key for a write that was refused, so that the corrected retry goes through', async () => {
    const unknownContact = '00000000-0000-4000-8000-000000000001';
    await ada()
      .delete(`/partners/${partnerId}/contacts/${unknownContact}`)
      .set('Idempotency-Key', 'remove-nobody')
      .expect(404);
    expect(await count(`partner.idempotency_keys WHERE key = 'remove-nobody'`)).toBe(0);
    // A stale If-Match is a 412 and leaves no key either; the retry with the fresh one is applied.
    const stale = await ada()
      .patch(`/partners/${partnerId}`)
      .set('Idempotency-Key', 'web-2')
      .set('If-Match', '"1"')
      .send({ website: 'https://www.aalto.fi/en' })
      .expect(412);
    expect(stale.body).toMatchObject({ status: 412 });
    expect(await count(`partner.idempotency_keys WHERE key = 'web-2'`)).toBe(0);
    const current = (await ada().get(`/partners/${partnerId}`).expect(200)).headers.etag;
    const applied = await ada()
      .patch(`/partners/${partnerId}`)
      .set('Idempotency-Key', 'web-2')
      .set('If-Match', current)
      .send({ website: 'https://www.aalto.fi/en' })
      .expect(200);
    expect(applied.headers['idempotent-replayed']).toBeUndefined();
    expect((await ada().get(`/partners/${partnerId}`).expect(200)).body).toMatchObject({
      website: 'https://www.aalto.fi/en',
    });
  });

  it('covers the other services too: an obligation added twice is one obligation', async () => {
    const draft = {
      type: 'mou',
      title: 'Aalto memorandum',
      partyIds: [partnerId],
      ownerId: 'alliance-nordics',
      effectiveDate: '2026-01-01',
    };
    const agreementId = (await onceKnown(() => api(agreements).post('/agreements').send(draft))).body.id as string;
    const obligation = { kind: 'report', description: 'Annual report', dueDate: '2027-01-31' };
    const first = await api(agreements)
      .post(`/agreements/${agreementId}/obligations`)
      .set('Idempotency-Key', 'report-2027')
      .send(obligation)
      .expect(201);
    const retry = await api(agreements)
      .post(`/agreements/${agreementId}/obligations`)
      .set('Idempotency-Key', 'report-2027')
      .send(obligation)
      .expect(201);
    expect(retry.body).toEqual(first.body);
    expect(
      await count(`agreement.events WHERE stream_id = 'agreement-${agreementId}' AND event_type = 'ObligationAdded'`),
    ).toBe(1);
  }, 60_000);

  it('documents the header on every write route', async () => {
    const document = (await ada().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    };
    const writes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => ({ route: `${method} ${path}`, parameters: operation.parameters ?? [] })),
    );
    expect(writes.length).toBeGreaterThan(5);
    for (const { route, parameters } of writes) {
      expect({ route, documented: parameters.some((p) => p.name === 'Idempotency-Key') }).toEqual({
        route,
        documented: true,
      });
    }
  });
});
