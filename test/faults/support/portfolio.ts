import { randomUUID } from 'node:crypto';
import { bearer } from '../../support/auth';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { eventually, onceKnown } from '../../support/eventually';
import { freePort, launchService, ready, type ServiceProcess } from '../../support/processes';

export const SERVICES = ['partner-service', 'agreement-service', 'project-service'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** The three services as processes on a fresh database, with a small portfolio to act on. */
export interface Portfolio {
  db: TestDatabase;
  services: Record<ServiceName, ServiceProcess>;
  ids: { partner: string; contact: string; agreement: string; obligation: string; project: string; milestone: string };
  call: (
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<Answer>;
  stop: () => Promise<void>;
}

const manager = { ...bearer(['alliance_manager', 'legal', 'admin'], { subject: 'fault-suite' }) };

export async function startPortfolio(label: string, env: Record<string, string> = {}): Promise<Portfolio> {
  const db = await createTestDatabase(label);
  const services = {} as Record<ServiceName, ServiceProcess>;
  try {
    return await start(label, env, db, services);
  } catch (error) {
    // Leave nothing running behind a failed start.
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await db.drop();
    throw error;
  }
}

/**
 * How long a fresh service may take to hear what another published: its new consumer group reads
 * the shared topics from the beginning, behind every earlier run's messages.
 */
const HEARD_WITHIN_MS = 120_000;

async function start(
  label: string,
  env: Record<string, string>,
  db: TestDatabase,
  services: Record<ServiceName, ServiceProcess>,
): Promise<Portfolio> {
  const prefix = `fault-${label}-${randomUUID()}`;
  for (const name of SERVICES) {
    services[name] = launchService(name, await freePort(), {
      DATABASE_URL: db.url,
      KAFKA_GROUP_PREFIX: prefix,
      WRITE_RATE_LIMIT_PER_MINUTE: '10000000',
      ...env,
    });
  }
  for (const name of SERVICES) {
    if (!(await ready(services[name].port, 60_000)))
      throw new Error(`${name} did not start:\n${services[name].output()}`);
  }

  const call: Portfolio['call'] = async (service, method, path, body, headers = {}) => {
    const response = await fetch(`http://127.0.0.1:${services[service].port}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...manager, ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON: kept empty; the status says what happened.
    }
    return { status: response.status, body: parsed };
  };
  const ok = async (service: ServiceName, method: string, path: string, body?: unknown) => {
    const answer = await call(service, method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  const partner = (
    await ok('partner-service', 'POST', '/partners', {
      name: `Fault Institute ${label}`,
      type: 'research_institute',
      country: 'DE',
    })
  ).id as string;
  const contact = (
    await ok('partner-service', 'POST', `/partners/${partner}/contacts`, {
      name: 'Jonas Weber',
      email: 'jonas.weber@example.de',
      role: 'principal_investigator',
      internal: false,
    })
  ).contactId as string;
  const drafted = await onceKnown(
    () =>
      call('agreement-service', 'POST', '/agreements', {
        type: 'joint_research',
        title: 'Fault research agreement',
        partyIds: [partner],
        ownerId: 'alliance-faults',
        effectiveDate: '2026-01-01',
        expiryDate: '2029-12-31',
      }),
    HEARD_WITHIN_MS,
  );
  if (drafted.status !== 201) throw new Error(`draft: ${drafted.status} ${JSON.stringify(drafted.body)}`);
  const agreement = drafted.body.id as string;
  const obligation = (
    await ok('agreement-service', 'POST', `/agreements/${agreement}/obligations`, {
      kind: 'report',
      description: 'Yearly report',
      dueDate: '2027-01-31',
    })
  ).obligationId as string;
  for (const [step, body] of [
    ['start-negotiation', {}],
    ['submit-for-review', {}],
    ['approve', {}],
    ['sign', { partyId: 'company' }],
    ['sign', { partyId: partner }],
  ] as const) {
    await ok('agreement-service', 'POST', `/agreements/${agreement}/${step}`, body);
  }
  // Its first partnership activates the partner, through Kafka: settle before anyone measures.
  await eventually(
    () => call('partner-service', 'GET', `/partners/${partner}`),
    (answer) => answer.body.status === 'active',
    HEARD_WITHIN_MS,
  );
  const proposed = await onceKnown(
    () =>
      call('project-service', 'POST', '/projects', {
        title: 'Fault-tolerant sensing',
        agreementIds: [agreement],
        leadPartnerIds: [partner],
        budget: { amount: 250_000, currency: 'EUR' },
      }),
    HEARD_WITHIN_MS,
  );
  if (proposed.status !== 201) throw new Error(`propose: ${proposed.status} ${JSON.stringify(proposed.body)}`);
  const project = proposed.body.id as string;
  const milestone = (
    await ok('project-service', 'POST', `/projects/${project}/milestones`, {
      name: 'Prototype',
      plannedDate: '2027-06-30',
    })
  ).milestoneId as string;

  return {
    db,
    services,
    ids: { partner, contact, agreement, obligation, project, milestone },
    call,
    stop: async () => {
      await Promise.all(SERVICES.map((name) => services[name].stop()));
      await db.drop();
    },
  };
}

/** Events stored by each service: what a refused request must leave unchanged. */
export async function eventCounts(db: TestDatabase): Promise<Record<string, number>> {
  const rows = await db.query<{ schema: string; n: number }>(
    `SELECT 'partner' AS schema, count(*)::int AS n FROM partner.events
     UNION ALL SELECT 'agreement', count(*)::int FROM agreement.events
     UNION ALL SELECT 'project', count(*)::int FROM project.events`,
  );
  return Object.fromEntries(rows.map((row) => [row.schema, row.n]));
}
