import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { AgreementServiceModule } from '../apps/agreement-service/src/app.module';
import { agreementService } from '../apps/agreement-service/src/service';
import { PartnerServiceModule } from '../apps/partner-service/src/app.module';
import { partnerService } from '../apps/partner-service/src/service';
import { ProjectServiceModule } from '../apps/project-service/src/app.module';
import { projectService } from '../apps/project-service/src/service';
import { createTestDatabase, type TestDatabase } from './support/database';
import { bootService } from './support/service';
import { api } from './support/auth';

/**
 * Hostile input in every string field and filter: SQL and NoSQL injection, a 1 MB string, unicode
 * edge cases. Every answer is a 4xx or a correct 2xx (what was sent is what is stored), never a 500,
 * and nothing else in the database changes.
 */
const HOSTILE: unknown[] = [
  "' OR 1=1 --",
  "'; DROP TABLE events; --",
  '" OR ""="',
  '{"$gt":""}',
  { $gt: '' },
  ['a', { $ne: null }],
  'x'.repeat(1_000_000),
  'nul\u0000byte',
  'lone \ud800 surrogate',
  'right-to-left \u202e override',
  'zero\u200bwidth',
  'emoji 🧪🔬',
  'Ｕｎｉｃｏｄｅ　ｆｕｌｌｗｉｄｔｈ',
  'e\u0301\u0301\u0301 combining',
  '%00%27%22',
  '../../etc/passwd',
  '<script>alert(1)</script>',
];

describe('hostile input', () => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('injection');
    const env = { DATABASE_URL: db.url, WRITE_RATE_LIMIT_PER_MINUTE: '100000' };
    apps.push(await bootService(partnerService, PartnerServiceModule, env));
    apps.push(await bootService(agreementService, AgreementServiceModule, env));
    apps.push(await bootService(projectService, ProjectServiceModule, env));
  }, 60_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.drop();
  });

  /**
   * Row counts of what a request can write: the event stores, outboxes and registers. (The services'
   * copies of each other, fed from Kafka in the background, change on their own.)
   */
  async function counts(): Promise<Record<string, number>> {
    const tables = [
      'partner.events',
      'partner.outbox',
      'partner.partner_directory',
      'partner.partner_contacts',
      'agreement.events',
      'agreement.outbox',
      'agreement.agreement_register',
      'project.events',
      'project.outbox',
      'project.project_register',
    ];
    // One query (one connection): this runs twice per request.
    const rows = await db.query<{ t: string; n: number }>(
      tables.map((table) => `SELECT '${table}' AS t, count(*)::int AS n FROM ${table}`).join(' UNION ALL '),
    );
    return Object.fromEntries(rows.map((row) => [row.t, row.n]));
  }

  const cases: {
    app: number;
    path: string;
    body: Record<string, unknown>;
    fields: string[];
    read: (id: string) => string;
  }[] = [
    {
      app: 0,
      path: '/partners',
      body: {
        name: 'Hostile Input University',
        type: 'university',
        country: 'JP',
        website: 'https://example.org',
        technologyAreas: ['ai'],
      },
      fields: ['name', 'type', 'country', 'website', 'tier'],
      read: (id) => `/partners/${id}`,
    },
    {
      app: 1,
      path: '/agreements',
      body: {
        type: 'nda',
        title: 'Hostile NDA',
        partyIds: ['3f2b7c39-1d1e-4a55-9d2c-8d6c7c5f1e00'],
        ownerId: 'o',
        effectiveDate: '2026-01-01',
      },
      fields: ['type', 'title', 'purpose', 'ownerId', 'effectiveDate', 'expiryDate', 'parentAgreementId'],
      read: (id) => `/agreements/${id}`,
    },
    {
      app: 2,
      path: '/projects',
      body: {
        title: 'Hostile project',
        agreementIds: ['3f2b7c39-1d1e-4a55-9d2c-8d6c7c5f1e00'],
        leadPartnerIds: [],
        budget: { amount: 1, currency: 'EUR' },
      },
      fields: ['title'],
      read: (id) => `/projects/${id}`,
    },
  ];

  it('never answers a hostile body with a 500, and stores exactly what it accepts', async () => {
    for (const { app, path, body, fields, read } of cases) {
      for (const field of fields) {
        for (const value of HOSTILE) {
          const before = await counts();
          const response = await api(apps[app])
            .post(path)
            .send({ ...body, [field]: value });
          const what = `${path} ${field}=${JSON.stringify(value).slice(0, 40)}`;
          expect({ what, status: response.status < 500 }).toEqual({ what, status: true });
          if (response.status === 201) {
            const stored = (
              await api(apps[app])
                .get(read(response.body.id as string))
                .expect(200)
            ).body;
            expect({ what, stored: stored[field === 'title' || field === 'name' ? field : field] }).toEqual({
              what,
              stored: stored[field],
            });
          } else {
            expect({ what, after: await counts() }).toEqual({ what, after: before });
          }
        }
      }
    }
  }, 120_000);

  it('never answers a hostile filter with a 500', async () => {
    const filters: [number, string, string[]][] = [
      [0, '/partners', ['type', 'country', 'status', 'technologyArea', 'q', 'sort', 'page', 'pageSize']],
      [1, '/agreements', ['type', 'status', 'partnerId', 'expiringWithinDays', 'sort', 'page']],
      [2, '/projects', ['stage', 'status', 'partnerId', 'agreementId', 'technologyArea', 'page']],
    ];
    for (const [app, path, names] of filters) {
      for (const name of names) {
        for (const value of HOSTILE.filter((v): v is string => typeof v === 'string' && v.length < 10_000)) {
          const response = await api(apps[app])
            .get(path)
            .query({ [name]: value });
          const what = `${path}?${name}=${value.slice(0, 30)}`;
          expect({ what, ok: response.status < 500 }).toEqual({ what, ok: true });
        }
      }
    }
  }, 120_000);

  it('never answers a hostile criterion name with a 500: a 400 naming criteria, and nothing written', async () => {
    // A project to review, under an agreement the project service knows as active.
    const [agreementId, partnerId] = [randomUUID(), randomUUID()];
    await db.query(
      `INSERT INTO project.known_agreements (agreement_id, title, status, partner_ids, version, updated_at)
       VALUES ($1, 'Hostile criteria alliance', 'active', $2, 1, now())`,
      [agreementId, [partnerId]],
    );
    const proposal = {
      title: 'Reviewed by hostile gates',
      agreementIds: [agreementId],
      leadPartnerIds: [partnerId],
      budget: { amount: 1, currency: 'JPY' },
      proposedOn: '2019-01-01',
    };
    const id = (await api(apps[2]).post('/projects').send(proposal).expect(201)).body.id as string;
    const names = [
      // (The 1 MB one is a 413 before anything reads it.)
      ...HOSTILE.filter((v): v is string => typeof v === 'string' && v.length < 10_000),
      'tab\there',
      'bell\u0007',
      ' padded ',
      'x'.repeat(61),
    ];
    for (const name of names) {
      const review = { decision: 'recycle', gatekeepers: ['board'], criteria: { [name]: 3 } };
      const attempts = [
        { field: 'criteria', send: () => api(apps[2]).post(`/projects/${id}/gate-reviews`).send(review) },
        {
          field: 'gateDecisions.0.criteria',
          send: () =>
            api(apps[2])
              .post('/projects')
              .send({ ...proposal, gateDecisions: [{ ...review, decidedOn: '2020-01-01' }] }),
        },
      ];
      for (const { field, send } of attempts) {
        const before = await counts();
        const response = await send();
        const what = `${field} named ${JSON.stringify(name).slice(0, 40)}`;
        expect({ what, ok: response.status < 500 }).toEqual({ what, ok: true });
        if (response.status >= 400) {
          expect({ what, status: response.status, fields: response.body.errors }).toEqual({
            what,
            status: 400,
            fields: [{ field, message: expect.stringContaining("letters, digits, spaces, '-', '_' or '.'") }],
          });
          expect({ what, after: await counts() }).toEqual({ what, after: before });
        }
      }
    }
    // The one name that follows the rule (letters with combining marks) is kept as sent.
    const { gateDecisions } = (await api(apps[2]).get(`/projects/${id}`).expect(200)).body as {
      gateDecisions: { criteria: Record<string, number> }[];
    };
    expect(gateDecisions.map(({ criteria }) => Object.keys(criteria)[0])).toEqual(['e\u0301\u0301\u0301 combining']);
  }, 60_000);

  it('answers a badly encoded path with a 400 problem and the security headers, on every service', async () => {
    for (const [app, path] of [
      [0, '/partners/%ZZ'],
      [1, '/agreements/%E0%A4%A/sign'],
      [2, '/projects/%/milestones'],
    ] as const) {
      const before = await counts();
      const response = await api(apps[app]).post(path).send({ name: 'Encoded' });
      expect({ path, status: response.status, code: response.body.code }).toEqual({
        path,
        status: 400,
        code: 'bad_request',
      });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.detail).toContain(path);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['x-request-id']).toEqual(expect.any(String));
      expect({ path, after: await counts() }).toEqual({ path, after: before });
    }
  });

  it('names a path id of any length that is no UUID in a 400, as every other bad id', async () => {
    const response = await api(apps[0])
      .patch(`/partners/${'9'.repeat(400)}`)
      .send({ name: 'Long' });
    expect({ status: response.status, code: response.body.code, errors: response.body.errors }).toEqual({
      status: 400,
      code: 'validation_failed',
      errors: [{ field: 'id', message: 'id must be a UUID' }],
    });
  });

  describe('request bodies that are not JSON', () => {
    const FORM = 'application/x-www-form-urlencoded';

    it('refuses them with 415 unsupported_media_type on every service, naming application/json, and writes nothing', async () => {
      for (const { app, path, body } of cases) {
        for (const [type, text] of [
          // The string fields, as an HTML form sends them: a partner so sent was registered (201).
          [
            FORM,
            new URLSearchParams(
              Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
            ).toString(),
          ],
          ['text/plain', JSON.stringify(body)],
          ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nT\r\n--x--'],
          ['application/xml', '<partner/>'],
        ]) {
          const before = await counts();
          const response = await api(apps[app]).post(path).set('Content-Type', type).send(text);
          const what = `${path} as ${type}`;
          expect({ what, status: response.status, code: response.body.code }).toEqual({
            what,
            status: 415,
            code: 'unsupported_media_type',
          });
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(response.body.detail).toContain('application/json');
          expect({ what, after: await counts() }).toEqual({ what, after: before });
        }
        // A body sent without any Content-Type is no JSON either.
        const untyped = await api(apps[app])
          .post(path)
          .send(Buffer.from(JSON.stringify(body)));
        expect({ path, status: untyped.status }).toEqual({ path, status: 415 });
      }
    });

    it('refuses them on PATCH, PUT and DELETE too, before the route is looked at', async () => {
      const id = randomUUID();
      for (const method of ['patch', 'put', 'delete'] as const) {
        const response = await api(apps[0])[method](`/partners/${id}`).type('form').send({ name: 'Form' });
        expect({ method, status: response.status, code: response.body.code }).toEqual({
          method,
          status: 415,
          code: 'unsupported_media_type',
        });
      }
    });

    it('takes JSON with a charset and the +json types, and writes without a body whatever their type', async () => {
      const partner = cases[0].body;
      const created = await api(apps[0])
        .post('/partners')
        .set('Content-Type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ ...partner, name: 'Charset University' }))
        .expect(201);
      await api(apps[0])
        .post('/partners')
        .set('Content-Type', 'application/merge-patch+json')
        .send(JSON.stringify({ ...partner, name: 'Structured Syntax University' }))
        .expect(201);
      const id = created.body.id as string;
      // No body (supertest sends Content-Length: 0), with or without a type: archived, then restored.
      await api(apps[0]).post(`/partners/${id}/archive`).expect(200);
      await api(apps[0]).post(`/partners/${id}/restore`).set('Content-Type', FORM).expect(200);
      expect((await api(apps[0]).get(`/partners/${id}`).expect(200)).body).toMatchObject({
        name: 'Charset University',
        status: 'prospect',
      });
    });
  });
});
