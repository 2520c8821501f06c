import { request as httpRequest } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ROLES, type Role } from '@accord/platform';
import { AgreementServiceModule } from '../apps/agreement-service/src/app.module';
import { agreementService } from '../apps/agreement-service/src/service';
import { DashboardModule } from '../apps/dashboard/src/app.module';
import { dashboardService } from '../apps/dashboard/src/service';
import { PartnerServiceModule } from '../apps/partner-service/src/app.module';
import { partnerService } from '../apps/partner-service/src/service';
import { ProjectServiceModule } from '../apps/project-service/src/app.module';
import { projectService } from '../apps/project-service/src/service';
import { api, bearer, tokenFor } from './support/auth';
import { createTestDatabase, type TestDatabase } from './support/database';
import { eventually } from './support/eventually';
import { bootService } from './support/service';

type Rule = 'public' | readonly Role[];
const READ: Rule = ROLES;
const MANAGE: Rule = ['alliance_manager'];
const MANAGE_OR_LEGAL: Rule = ['alliance_manager', 'legal'];

/**
 * Who may call what: the specification, written out route by route. The test below finds every route
 * each service has registered and fails on one that is missing here, so a new route cannot ship
 * without someone deciding who may call it.
 */
const MATRIX: Record<string, Record<string, Rule>> = {
  partners: {
    'GET /health': 'public',
    'GET /health/ready': 'public',
    'GET /health/consumers': 'public',
    'GET /metrics': 'public',
    'POST /partners': MANAGE,
    'GET /partners': READ,
    'GET /partners/:id': READ,
    'GET /partners/:id/history': READ,
    'PATCH /partners/:id': MANAGE,
    'POST /partners/:id/archive': MANAGE,
    'POST /partners/:id/restore': MANAGE,
    'POST /partners/:id/mark-dormant': MANAGE,
    'POST /partners/:id/contacts': MANAGE,
    'PATCH /partners/:id/contacts/:contactId': MANAGE,
    'DELETE /partners/:id/contacts/:contactId': MANAGE,
    'POST /partners/:id/contacts/:contactId/erase': ['admin'],
  },
  agreements: {
    'GET /health': 'public',
    'GET /health/ready': 'public',
    'GET /health/consumers': 'public',
    'GET /metrics': 'public',
    'POST /agreements': MANAGE,
    'GET /agreements': READ,
    'GET /agreements/deadlines': READ,
    'GET /agreements/:id': READ,
    'GET /agreements/:id/history': READ,
    'PATCH /agreements/:id': MANAGE,
    'POST /agreements/:id/start-negotiation': MANAGE,
    'POST /agreements/:id/submit-for-review': MANAGE,
    'POST /agreements/:id/approve': ['legal'],
    // For a partner's signature; the company's own needs legal (tested below).
    'POST /agreements/:id/sign': MANAGE_OR_LEGAL,
    'POST /agreements/:id/amend': MANAGE_OR_LEGAL,
    'POST /agreements/:id/renew': MANAGE_OR_LEGAL,
    'POST /agreements/:id/terminate': ['legal'],
    'POST /agreements/:id/obligations': MANAGE_OR_LEGAL,
    'POST /agreements/:id/obligations/:obligationId/meet': MANAGE_OR_LEGAL,
    'POST /agreements/:id/obligations/:obligationId/waive': MANAGE_OR_LEGAL,
  },
  projects: {
    'GET /health': 'public',
    'GET /health/ready': 'public',
    'GET /health/consumers': 'public',
    'GET /metrics': 'public',
    'POST /projects': MANAGE,
    'GET /projects': READ,
    'GET /projects/funnel': READ,
    'GET /projects/outcomes': READ,
    'GET /projects/:id': READ,
    'GET /projects/:id/history': READ,
    'POST /projects/:id/gate-reviews': MANAGE,
    'POST /projects/:id/resume': MANAGE,
    'POST /projects/:id/milestones': MANAGE,
    'POST /projects/:id/milestones/:milestoneId/complete': MANAGE,
    'POST /projects/:id/budget': MANAGE,
    'POST /projects/:id/spend': MANAGE,
    'POST /projects/:id/outcomes': MANAGE,
  },
  dashboard: {
    'GET /health': 'public',
    'GET /health/ready': 'public',
    'GET /health/consumers': 'public',
    'GET /metrics': 'public',
    // Signing in and out; the page's files are served before routing, to anyone (they hold no data).
    'GET /auth/login': 'public',
    'GET /auth/callback': 'public',
    'POST /auth/logout': 'public',
    'GET /auth/me': READ,
    // The web app's way to the services: the dashboard forwards any token, the service decides
    // (as partner-service's routes below the prefix say: GET /partners, POST /partners, ...).
    'GET /api/service/:service/*path': READ,
    'POST /api/service/:service/*path': MANAGE,
    'PATCH /api/service/:service/*path': MANAGE,
    'DELETE /api/service/:service/*path': MANAGE,
    'GET /api/portfolio': READ,
    'GET /api/partners': READ,
    'GET /api/partners.csv': READ,
    'GET /api/agreements': READ,
    'GET /api/agreements.csv': READ,
    'GET /api/projects': READ,
    'GET /api/projects.csv': READ,
    'GET /api/partners/:id/360': READ,
    'GET /api/questions/expiring-agreements': READ,
    'GET /api/questions/ip-outcomes': READ,
    'GET /api/questions/funnel': READ,
    'GET /api/questions/projects-at-risk': READ,
    'GET /api/questions/dormant-partners': READ,
    'GET /api/questions/technology-area-partners': READ,
    'GET /api/events': READ,
  },
};

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every route the app's HTTP server answers, as `METHOD /path`, read from Express's or Fastify's router. */
function registeredRoutes(app: INestApplication): string[] {
  const instance = app.getHttpAdapter().getInstance() as unknown as
    { router: { stack: Layer[] } } | { printRoutes(options: { commonPrefix: boolean }): string };
  return (
    ('printRoutes' in instance ? fastifyRoutes(instance) : expressRoutes(instance.router.stack))
      // Not routes of the service: OpenAPI pages (public by design, served by Swagger UI), and the
      // catch-all entries Nest mounts to run middleware (request logging) before every route.
      .filter((route) => !/ \/docs/.test(route) && !route.endsWith(' /{*path}'))
  );
}

function expressRoutes(stack: Layer[]): string[] {
  return stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods)
          .filter((method) => method !== '_all' && method !== 'head')
          .map((method) => `${method.toUpperCase()} ${layer.route!.path}`)
      : [],
  );
}

/**
 * Fastify prints its routes as a tree, a node a line, four characters of indent a level, each node
 * its part of the path and its methods: `│   └── /:id (GET, HEAD, PATCH)`. (HEAD is Fastify's own
 * answer to every GET route, as Express's router gives.)
 */
function fastifyRoutes(fastify: { printRoutes(options: { commonPrefix: boolean }): string }): string[] {
  const parents: string[] = [];
  return fastify
    .printRoutes({ commonPrefix: false })
    .split('\n')
    .flatMap((line) => {
      const node = /^([│├└─ ]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
      if (!node) return [];
      parents.length = node[1].length / 4 - 1;
      const path = parents.join('') + node[2];
      parents.push(node[2]);
      return (node[3] ?? '')
        .split(', ')
        .filter((method) => method !== '' && method !== 'HEAD')
        .map((method) => `${method} ${path}`);
    });
}

/** The status of a request whose answer may be an endless event stream: headers are enough. */
function statusOf(app: INestApplication, path: string, headers: Record<string, string>): Promise<number> {
  const server = app.getHttpServer() as import('node:http').Server;
  if (!server.listening) server.listen(0, '127.0.0.1');
  return new Promise((resolve, reject) => {
    const go = () => {
      const { port } = server.address() as AddressInfo;
      const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (error) => (error.message.includes('socket hang up') ? undefined : reject(error)));
      req.end();
    };
    if (server.listening) go();
    else server.once('listening', go);
  });
}

describe('who may call what: every route × every role', () => {
  let db: TestDatabase;
  const apps = {} as Record<keyof typeof MATRIX, INestApplication>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase('authorization');
    const env = { DATABASE_URL: db.url };
    apps.partners = await bootService(partnerService, PartnerServiceModule, env);
    apps.agreements = await bootService(agreementService, AgreementServiceModule, env);
    apps.projects = await bootService(projectService, ProjectServiceModule, env);
    await apps.partners.listen(0, '127.0.0.1');
    const partnerUrl = `http://127.0.0.1:${((apps.partners.getHttpServer() as Server).address() as AddressInfo).port}`;
    apps.dashboard = await bootService(dashboardService, DashboardModule, { ...env, PARTNER_SERVICE_URL: partnerUrl });

    // Real resources for the ids in the paths, so that reads answer 200 for every role allowed.
    const partner = await api(apps.partners)
      .post('/partners')
      .send({ name: 'Matrix University', type: 'university', country: 'FI' })
      .expect(201);
    ids.partner = partner.body.id;
    const contact = await api(apps.partners)
      .post(`/partners/${ids.partner}/contacts`)
      .send({ name: 'Aino Virtanen', email: 'aino@example.fi', role: 'principal_investigator', internal: false })
      .expect(201);
    ids.contact = contact.body.contactId;
    const agreement = await eventually(
      () =>
        api(apps.agreements)
          .post('/agreements')
          .send({
            type: 'joint_research',
            title: 'Matrix research',
            partyIds: [ids.partner],
            ownerId: 'alliance-matrix',
            effectiveDate: '2026-01-01',
            expiryDate: '2028-12-31',
          }),
      (response) => response.status === 201,
      30_000,
    );
    ids.agreement = agreement.body.id;
    const obligation = await api(apps.agreements)
      .post(`/agreements/${ids.agreement}/obligations`)
      .send({ kind: 'report', description: 'Annual report', dueDate: '2027-01-31' })
      .expect(201);
    ids.obligation = obligation.body.obligationId;
    // Signed by all, in force since January: projects may run under it.
    for (const [step, body] of [
      ['start-negotiation', {}],
      ['submit-for-review', {}],
      ['approve', {}],
      ['sign', { partyId: 'company' }],
      ['sign', { partyId: ids.partner }],
    ] as const) {
      await api(apps.agreements).post(`/agreements/${ids.agreement}/${step}`).send(body).expect(200);
    }
    const project = await eventually(
      () =>
        api(apps.projects)
          .post('/projects')
          .send({
            title: 'Matrix prototype',
            agreementIds: [ids.agreement],
            leadPartnerIds: [ids.partner],
            technologyAreas: ['ai'],
            budget: { amount: 100_000, currency: 'EUR' },
          }),
      (response) => response.status === 201,
      30_000,
    );
    ids.project = project.body.id;
    const milestone = await api(apps.projects)
      .post(`/projects/${ids.project}/milestones`)
      .send({ name: 'Prototype', plannedDate: '2027-03-31' })
      .expect(201);
    ids.milestone = milestone.body.milestoneId;
  }, 120_000);

  afterAll(async () => {
    for (const app of Object.values(apps).reverse()) await app?.close();
    await db?.drop();
  });

  const pathFor = (route: string) => {
    const path = route.split(' ')[1];
    const id = path.includes('partners') ? ids.partner : path.includes('agreements') ? ids.agreement : ids.project;
    return (
      path
        .replace(':id', id)
        .replace(':contactId', ids.contact)
        .replace(':obligationId', ids.obligation)
        .replace(':milestoneId', ids.milestone)
        // Through the dashboard, to partner-service: its list, a partner, a contact.
        .replace(
          ':service/*path',
          route.startsWith('GET') || route.startsWith('POST')
            ? 'partner/partners'
            : route.startsWith('PATCH')
              ? `partner/partners/${ids.partner}`
              : `partner/partners/${ids.partner}/contacts/${ids.contact}`,
        )
        // The one read whose filter is required.
        .replace(/technology-area-partners$/, 'technology-area-partners?area=ai')
    );
  };

  it('signs for the company only with the legal role', async () => {
    const sign = (roles: Role[]) =>
      api(apps.agreements, roles).post(`/agreements/${ids.agreement}/sign`).send({ partyId: 'company' });
    const refused = await sign(['alliance_manager']);
    expect({ status: refused.status, detail: refused.body.detail }).toEqual({
      status: 403,
      detail: 'Only legal signs on behalf of the company',
    });
    // Legal gets past the check (the company signed already: a repeated signature changes nothing).
    expect((await sign(['legal'])).status).toBe(200);
  });

  it('answers 401 with the reason and how to authenticate, as a problem', async () => {
    const response = await request(apps.partners.getHttpServer())
      .get('/partners')
      .set('Authorization', `Bearer ${tokenFor(['viewer'], { audience: 'billing' })}`)
      .expect(401);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="accord", error="invalid_token", error_description="the token is meant for another audience"',
    );
    expect(response.body).toMatchObject({ status: 401, code: 'unauthorized' });
    const forbidden = await api(apps.partners, ['viewer']).post('/partners').send({}).expect(403);
    expect(forbidden.body).toMatchObject({ code: 'forbidden', requiredRoles: ['alliance_manager'] });
  });

  it("hides contacts' personal data from viewers, in the partner and in its history", async () => {
    const asViewer = await api(apps.partners, ['viewer']).get(`/partners/${ids.partner}`).expect(200);
    expect(asViewer.body.contacts).toEqual([
      expect.objectContaining({ name: null, email: null, role: 'principal_investigator' }),
    ]);
    const history = await api(apps.partners, ['viewer']).get(`/partners/${ids.partner}/history`).expect(200);
    expect(JSON.stringify(history.body)).not.toMatch(/Aino|aino@/);
    const asManager = await api(apps.partners, ['alliance_manager']).get(`/partners/${ids.partner}`).expect(200);
    expect(asManager.body.contacts).toEqual([
      expect.objectContaining({ name: 'Aino Virtanen', email: 'aino@example.fi' }),
    ]);
    const managerHistory = await api(apps.partners, ['alliance_manager']).get(`/partners/${ids.partner}/history`);
    expect(JSON.stringify(managerHistory.body)).toContain('Aino Virtanen');
  });

  it("records the token's subject as the actor of the events it causes", async () => {
    // The agreement signed in the set-up activates the partner through Kafka, as the system: wait for
    // it, so the history's order does not depend on when that message is consumed.
    await eventually(
      () => api(apps.partners, ['viewer']).get(`/partners/${ids.partner}`),
      (response) => response.body.status === 'active',
    );
    await api(apps.partners, ['alliance_manager'], { subject: 'maria.k' })
      .patch(`/partners/${ids.partner}`)
      .send({ website: 'https://matrix.example.fi' })
      .expect(200);
    const history = await api(apps.partners, ['viewer']).get(`/partners/${ids.partner}/history`).expect(200);
    expect((history.body as { actor: string }[]).map((entry) => entry.actor)).toEqual([
      'user:tester',
      'user:tester',
      'system:partnership-established',
      'user:maria.k',
    ]);
  });
  describe.each(Object.keys(MATRIX))('%s', (service) => {
    it('has exactly the routes of the matrix', () => {
      expect(registeredRoutes(apps[service]).sort()).toEqual(Object.keys(MATRIX[service]).sort());
    });

    it('lets each route be called by the roles it names, and by no other', async () => {
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const [route, rule] of Object.entries(MATRIX[service])) {
        const [method] = route.split(' ');
        const path = pathFor(route);
        const call = async (headers: Record<string, string>) => {
          if (route === 'GET /api/events') return statusOf(apps[service], path, headers);
          const req = request(apps[service].getHttpServer())[method.toLowerCase() as 'get'](path).set(headers);
          // A write that gets past the guard must change nothing: an empty body (400) or, for commands
          // without one, a version that cannot match (412) stops it at validation or concurrency.
          return (method === 'GET' ? req : req.set('If-Match', '"999999"').send({})).then(
            (response) => response.status,
          );
        };
        const authorised = (status: number) =>
          status === 401 ? '401' : status === 403 ? '403' : status >= 500 ? '5xx' : 'ok';
        if (rule === 'public') {
          outcomes.push(`${route} anonymous: ${authorised(await call({}))}`);
          expected.push(`${route} anonymous: ok`);
          continue;
        }
        outcomes.push(`${route} anonymous: ${authorised(await call({}))}`);
        expected.push(`${route} anonymous: 401`);
        outcomes.push(`${route} expired token: ${authorised(await call(bearer(['admin'], { expiresIn: -60 })))}`);
        expected.push(`${route} expired token: 401`);
        for (const role of ROLES) {
          const status = await call(bearer([role]));
          outcomes.push(`${route} ${role}: ${authorised(status)}`);
          expected.push(`${route} ${role}: ${rule.includes(role) ? 'ok' : '403'}`);
          // Reads of resources that exist succeed outright for the roles that may read them.
          if (method === 'GET' && rule.includes(role) && route !== 'GET /api/events') {
            expect({ route, role, status }).toEqual({ route, role, status: 200 });
          }
        }
      }
      expect(outcomes).toEqual(expected);
    }, 60_000);
  });
});
