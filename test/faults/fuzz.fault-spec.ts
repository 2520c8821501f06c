import fc from 'fast-check';
import { recordFigures } from './support/figures';
import { eventCounts, startPortfolio, type Answer, type Portfolio, type ServiceName } from './support/portfolio';

/** At least this many generated requests per run, spread over every write route. */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const CONCURRENCY = 8;
/** Node's `--max-http-header-size` default: a longer request line is refused before any route. */
const NODE_HEADER_LIMIT = 16 * 1024;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

type Ids = Portfolio['ids'];
interface WriteRoute {
  service: ServiceName;
  method: 'POST' | 'PATCH' | 'DELETE';
  path: (ids: Ids) => string;
  /** A body the route accepts, which the fuzzer breaks; none for routes that take no body. */
  valid?: (ids: Ids) => Record<string, unknown>;
}

const route = (
  service: ServiceName,
  method: WriteRoute['method'],
  path: (ids: Ids) => string,
  valid?: (ids: Ids) => Record<string, unknown>,
): WriteRoute => ({ service, method, path, valid });

/** Every write route of the three services (checked against their OpenAPI documents below). */
const ROUTES: WriteRoute[] = [
  route(
    'partner-service',
    'POST',
    () => '/partners',
    () => ({ name: 'Fuzz University', type: 'university', country: 'NO', technologyAreas: ['ai'] }),
  ),
  route(
    'partner-service',
    'PATCH',
    (i) => `/partners/${i.partner}`,
    () => ({ website: 'https://fuzz.example.no', tier: 'key' }),
  ),
  route(
    'partner-service',
    'POST',
    (i) => `/partners/${i.partner}/archive`,
    () => ({ reason: 'fuzz' }),
  ),
  route('partner-service', 'POST', (i) => `/partners/${i.partner}/restore`),
  route(
    'partner-service',
    'POST',
    (i) => `/partners/${i.partner}/mark-dormant`,
    () => ({ reason: 'fuzz' }),
  ),
  route(
    'partner-service',
    'POST',
    (i) => `/partners/${i.partner}/contacts`,
    () => ({ name: 'Kari Nordmann', email: 'kari@example.no', role: 'technical_lead', internal: false }),
  ),
  route(
    'partner-service',
    'PATCH',
    (i) => `/partners/${i.partner}/contacts/${i.contact}`,
    () => ({ email: 'new@example.no' }),
  ),
  route('partner-service', 'DELETE', (i) => `/partners/${i.partner}/contacts/${i.contact}`),
  route('partner-service', 'POST', (i) => `/partners/${i.partner}/contacts/${i.contact}/erase`),
  route(
    'agreement-service',
    'POST',
    () => '/agreements',
    (i) => ({
      type: 'nda',
      title: 'Fuzz NDA',
      partyIds: [i.partner],
      ownerId: 'alliance-fuzz',
      effectiveDate: '2026-03-01',
    }),
  ),
  route(
    'agreement-service',
    'PATCH',
    (i) => `/agreements/${i.agreement}`,
    () => ({ title: 'Fuzzed title' }),
  ),
  route('agreement-service', 'POST', (i) => `/agreements/${i.agreement}/start-negotiation`),
  route('agreement-service', 'POST', (i) => `/agreements/${i.agreement}/submit-for-review`),
  route('agreement-service', 'POST', (i) => `/agreements/${i.agreement}/approve`),
  route(
    'agreement-service',
    'POST',
    (i) => `/agreements/${i.agreement}/sign`,
    (i) => ({ partyId: i.partner }),
  ),
  route(
    'agreement-service',
    'POST',
    (i) => `/agreements/${i.agreement}/amend`,
    () => ({ summary: 'Fuzz amendment', changes: { technologyAreas: ['ai'] } }),
  ),
  route(
    'agreement-service',
    'POST',
    (i) => `/agreements/${i.agreement}/renew`,
    () => ({ expiryDate: '2032-12-31' }),
  ),
  route(
    'agreement-service',
    'POST',
    (i) => `/agreements/${i.agreement}/terminate`,
    () => ({ reason: 'fuzz', terminatedOn: '2027-01-01' }),
  ),
  route(
    'agreement-service',
    'POST',
    (i) => `/agreements/${i.agreement}/obligations`,
    () => ({ kind: 'report', description: 'Fuzz report', dueDate: '2027-05-31' }),
  ),
  route('agreement-service', 'POST', (i) => `/agreements/${i.agreement}/obligations/${i.obligation}/meet`),
  route(
    'agreement-service',
    'POST',
    (i) => `/agreements/${i.agreement}/obligations/${i.obligation}/waive`,
    () => ({ reason: 'fuzz' }),
  ),
  route(
    'project-service',
    'POST',
    () => '/projects',
    (i) => ({
      title: 'Fuzz project',
      agreementIds: [i.agreement],
      leadPartnerIds: [i.partner],
      budget: { amount: 1_000, currency: 'EUR' },
    }),
  ),
  route(
    'project-service',
    'POST',
    (i) => `/projects/${i.project}/gate-reviews`,
    () => ({ decision: 'go', gatekeepers: ['board'], criteria: { strategicFit: 4 } }),
  ),
  route('project-service', 'POST', (i) => `/projects/${i.project}/resume`),
  route(
    'project-service',
    'POST',
    (i) => `/projects/${i.project}/milestones`,
    () => ({ name: 'Fuzz milestone', plannedDate: '2027-09-30' }),
  ),
  route(
    'project-service',
    'POST',
    (i) => `/projects/${i.project}/milestones/${i.milestone}/complete`,
    () => ({ completedOn: '2027-01-15' }),
  ),
  route(
    'project-service',
    'POST',
    (i) => `/projects/${i.project}/budget`,
    () => ({ amount: 5_000, currency: 'EUR' }),
  ),
  route(
    'project-service',
    'POST',
    (i) => `/projects/${i.project}/spend`,
    () => ({ amount: 100, currency: 'EUR', description: 'fuzz' }),
  ),
  route(
    'project-service',
    'POST',
    (i) => `/projects/${i.project}/outcomes`,
    // Today: an outcome cannot be dated in the future, nor before the project's proposal.
    () => ({ kind: 'publication', title: 'Fuzz paper', occurredOn: new Date().toISOString().slice(0, 10) }),
  ),
];

/** Strings that have broken systems before: injection, encodings, sizes. */
const nasty = fc.constantFrom(
  "' OR 1=1 --",
  '"; DROP TABLE events; --',
  '{"$gt":""}',
  '\u0000',
  '\ud800',
  '\u202e\u0644\u0644',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '%00%27',
  'x'.repeat(100_000),
  '9'.repeat(400),
  '1e309',
  '-0',
  'NaN',
  '2026-02-30',
  '  ',
);

/**
 * A value of another JSON type than the one the route expects there: never valid in its place. (No
 * NaN or Infinity: JSON has none, and they would be sent as null, which an optional field accepts.)
 */
function wrongTypeFor(value: unknown): fc.Arbitrary<unknown> {
  const objects = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
  if (typeof value === 'string')
    return fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      objects,
      fc.array(fc.string()),
    );
  if (typeof value === 'number') return fc.oneof(fc.string(), nasty, fc.boolean(), objects, fc.array(fc.integer()));
  if (typeof value === 'boolean') return fc.oneof(fc.string(), fc.integer(), objects);
  if (Array.isArray(value)) return fc.oneof(fc.string(), nasty, fc.integer(), objects);
  return fc.oneof(fc.string(), nasty, fc.integer(), fc.array(fc.jsonValue({ maxDepth: 1 })));
}

/** Every byte percent-encoded: no dot segment, slash or lone surrogate reaches the URL as such. */
const percentEncoded = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

interface Generated {
  route: WriteRoute;
  kind: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

const ID_FIELDS = ['partner', 'contact', 'agreement', 'obligation', 'project', 'milestone'] as const;

/**
 * One invalid request for a route: a field of the wrong type, a field the route does not know, a
 * body that is no object or no JSON, an id in the path that is no id, or an If-Match that is
 * malformed or stale. Each alone makes the request invalid, whatever the rest holds.
 */
function invalidRequest(target: WriteRoute, ids: Ids, known: ReadonlySet<string>): fc.Arbitrary<Generated> {
  const path = target.path(ids);
  const request = (kind: string, body: unknown, headers: Record<string, string> = {}, at = path): Generated => ({
    route: target,
    kind,
    path: at,
    body,
    headers,
  });
  const valid = target.valid?.(ids) ?? {};
  const broken: fc.Arbitrary<Generated>[] = [
    // Not JSON (the body parser refuses it before any route runs).
    fc
      .oneof(fc.constant('{"name": '), fc.constant('{{{'), fc.constant('[1,'), fc.constant("{'a':1}"))
      .map((text) => request('malformed_json', text)),
  ];
  const idsInPath = ID_FIELDS.filter((field) => path.includes(ids[field]));
  if (idsInPath.length > 0) {
    broken.push(
      // An id that is no UUID: injection strings, encodings, sizes, near-UUIDs.
      fc
        .tuple(
          fc.constantFrom(...idsInPath),
          fc.oneof(
            nasty.filter((text) => text.trim().length > 0),
            fc.uuid().map((id) => `${id}x`),
            fc.string({ minLength: 1 }),
          ),
        )
        .map(([field, bad]) => request('bad_path_id', valid, {}, path.replace(ids[field], percentEncoded(bad)))),
      // If-Match that is not an ETag, or one that is stale (this fixture's streams are far below it).
      fc
        .oneof(fc.constantFrom('3', 'W/3', '"three"', '" 1"', '"-1"', "' OR 1=1 --"), fc.constant('"999999"'))
        .map((ifMatch) =>
          request(ifMatch === '"999999"' ? 'stale_if_match' : 'bad_if_match', valid, { 'If-Match': ifMatch }),
        ),
    );
  }
  if (target.valid) {
    const fields = Object.keys(valid);
    const objects = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
    broken.push(
      // A field the route does not know, next to valid ones.
      fc
        .tuple(
          // Not any field a request of this suite documents: an optional field the valid body leaves
          // out (a short name like `team` or `notes`) may well accept the generated value.
          fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !known.has(key) && key !== '__proto__'),
          fc.jsonValue({ maxDepth: 2 }),
        )
        .map(([key, extra]) => request('unknown_field', { ...valid, [key]: extra })),
      // Not an object at all (sent as JSON: a string body is sent as it is, so encode it here).
      fc
        .oneof(
          fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
          fc.integer(),
          fc.string(),
          fc.constant(null),
          objects.map((o) => [o]),
        )
        .map((body) => request('not_an_object', JSON.stringify(body))),
    );
    if (fields.length > 0) {
      // One known field of the wrong type; the rest valid.
      broken.push(
        fc
          .constantFrom(...fields)
          .chain((field) => wrongTypeFor(valid[field]).map((bad) => ({ field, bad })))
          .map(({ field, bad }) => request('wrong_type', { ...valid, [field]: bad })),
      );
    }
  }
  return fc.oneof(...broken);
}

/** Every property name in the services' OpenAPI schemas, at any depth. */
/** The route a generated request was for, as the OpenAPI documents write it: `POST /partners/{id}/archive`. */
const TEMPLATE_IDS = {
  partner: '{id}',
  contact: '{contactId}',
  agreement: '{id}',
  obligation: '{obligationId}',
  project: '{id}',
  milestone: '{milestoneId}',
};
const templateOf = (route: WriteRoute) => `${route.method} ${route.path(TEMPLATE_IDS)}`;

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

/** Each service's OpenAPI document, as it serves it. */
async function openApiDocuments(services: Portfolio['services']): Promise<Record<ServiceName, OpenApiDocument>> {
  const entries = await Promise.all(
    Object.entries(services).map(async ([name, service]) => [
      name,
      (await (await fetch(`http://127.0.0.1:${service.port}/docs-json`)).json()) as OpenApiDocument,
    ]),
  );
  return Object.fromEntries(entries) as Record<ServiceName, OpenApiDocument>;
}

/** Every write operation a service documents: what ROUTES must cover. */
function documentedWrites(document: OpenApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

function documentedFields(documents: OpenApiDocument[]): Set<string> {
  const names = new Set<string>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && typeof value === 'object' && value !== null) {
        Object.keys(value).forEach((name) => names.add(name));
      }
      collect(value);
    }
  };
  documents.forEach(collect);
  return names;
}

/**
 * Property: no generated invalid request, on any write route, gets a 5xx or a 2xx, crashes a
 * service, or writes anything. Every answer is a problem document. The seed is printed, so a failure
 * can be replayed with FUZZ_SEED.
 */
describe('fuzzing every write route', () => {
  let portfolio: Portfolio;

  beforeAll(async () => {
    portfolio = await startPortfolio('fuzz');
  }, 180_000);

  afterAll(async () => {
    await portfolio?.stop();
  }, 60_000);

  it(`answers ${REQUESTS} invalid requests with 4xx problems and writes nothing`, async () => {
    const { ids, services, call, db } = portfolio;
    const before = await eventCounts(db);
    const documents = await openApiDocuments(services);
    // A write route added to a service and not to ROUTES would go unfuzzed: it fails here instead.
    for (const [name, document] of Object.entries(documents)) {
      expect(
        ROUTES.filter((route) => route.service === name)
          .map(templateOf)
          .sort(),
      ).toEqual(documentedWrites(document).sort());
    }
    const known = documentedFields(Object.values(documents));
    expect([...known]).toEqual(expect.arrayContaining(['agreementIds', 'technologyAreas', 'partyId']));
    const requests = fc.sample(
      fc.constantFrom(...ROUTES).chain((target) => invalidRequest(target, ids, known)),
      { numRuns: REQUESTS, seed: SEED },
    );
    const outcomes: { route: string; kind: string; status: number; problem: boolean; body: unknown }[] = [];
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const { route: target, kind, path, body, headers } = requests[next++];
          const route = `${target.method} ${target.path({ partner: ':id', contact: ':contactId', agreement: ':id', obligation: ':obligationId', project: ':id', milestone: ':milestoneId' })}`;
          // A connection that fails is an outcome too, reported with what was sent. Node answers a
          // request line over its header limit with a 431 and closes at once: a client still sending
          // that line may see the connection reset before it reads the 431, a race of TCP's, not of
          // the service (counted as the 431 it is). Any other failure is status 0, unexpected.
          const answer = await call(
            target.service,
            target.method,
            path,
            typeof body === 'string' ? body : JSON.stringify(body),
            headers,
          ).catch((error: Error): Answer => ({
            status: path.length > NODE_HEADER_LIMIT && /ECONNRESET|EPIPE/.test(String(error.cause)) ? 431 : 0,
            body: {
              failed: `${error.message}: ${String((error.cause as Error | undefined)?.message)}`,
              pathLength: path.length,
            },
          }));
          outcomes.push({
            route,
            kind,
            status: answer.status,
            problem: typeof answer.body.code === 'string' && answer.body.status === answer.status,
            body: answer.status === 0 ? { sent: body, answer: answer.body } : body,
          });
        }
      }),
    );
    const after = await eventCounts(db);
    const alive = await Promise.all(
      Object.values(services).map(
        async (service) =>
          service.child.exitCode === null && (await fetch(`http://127.0.0.1:${service.port}/health`)).ok,
      ),
    );
    const byStatus = outcomes.reduce<Record<string, number>>((counts, { status }) => {
      counts[status] = (counts[status] ?? 0) + 1;
      return counts;
    }, {});
    // Node's HTTP parser refuses a URL too long for it (414/431) before the application sees it: a
    // correct refusal, if not a problem document.
    const unexpected = outcomes.filter(
      (outcome) =>
        outcome.status < 400 || outcome.status >= 500 || (!outcome.problem && ![414, 431].includes(outcome.status)),
    );
    const unexpectedKinds = unexpected.reduce<Record<string, number>>((counts, { route: at, kind, status }) => {
      const key = `${at} ${kind} -> ${status}`;
      counts[key] = (counts[key] ?? 0) + 1;
      return counts;
    }, {});
    recordFigures(
      'fuzz',
      `${outcomes.length} generated invalid requests over ${ROUTES.length} write routes in ${Math.round((Date.now() - started) / 1000)} s (seed ${SEED}): ${JSON.stringify(byStatus)}; unexpected ${unexpected.length}; events written ${JSON.stringify(before)} -> ${JSON.stringify(after)}`,
      {
        seed: SEED,
        requests: outcomes.length,
        routes: ROUTES.length,
        byStatus,
        unexpectedKinds,
        // What was sent, so that a failure can be read without replaying it.
        unexpected: unexpected.slice(0, 20).map(({ route: at, kind, status, body }) => ({ at, kind, status, body })),
        before,
        after,
        alive,
      },
    );

    expect(outcomes.length).toBeGreaterThanOrEqual(10_000);
    expect(new Set(outcomes.map((outcome) => outcome.route)).size).toBe(ROUTES.length);
    expect(unexpectedKinds).toEqual({});
    expect(after).toEqual(before);
    expect(alive).toEqual([true, true, true]);
  }, 600_000);
});
