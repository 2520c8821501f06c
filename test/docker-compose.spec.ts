import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENT_VARIABLES } from '@accord/platform';
import { agreementService } from '../apps/agreement-service/src/service';
import { partnerService } from '../apps/partner-service/src/service';
import { projectService } from '../apps/project-service/src/service';
import { dashboardService } from '../apps/dashboard/src/service';
import { ROLES, roleName } from '../scripts/infra/db-roles';

/**
 * Docker cannot run on every machine that runs this suite, so the compose file is checked the way
 * the services will read it: every app is there, built from the Dockerfile, on its usual port, with
 * exactly the variables the services validate at boot.
 */
const ROOT = join(__dirname, '..');

interface ComposeService {
  image?: string;
  build?: { context: string; target: string; args: Record<string, string> };
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  networks?: Record<string, { aliases?: string[] }>;
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const descriptors = [partnerService, agreementService, projectService, dashboardService];
/**
 * Variables only one service reads, beside the shared ones: the dashboard's sign-in and the services
 * it forwards the web app's calls to. (It reads REPORTING_DB_PASSWORD only where it may create roles
 * itself; here db-roles creates that role.)
 */
const OWN_VARIABLES: Record<string, string[]> = {
  dashboard: [
    'OIDC_CLIENT_ID',
    'OIDC_CLIENT_SECRET',
    'PUBLIC_URL',
    'SESSION_SECRET',
    'PARTNER_SERVICE_URL',
    'AGREEMENT_SERVICE_URL',
    'PROJECT_SERVICE_URL',
  ],
};

it('has a service for every app in apps/, and no app it does not know', () => {
  const apps = readdirSync(join(ROOT, 'apps')).sort();
  expect(apps).toEqual(descriptors.map((d) => d.name).sort());
  expect(Object.keys(compose.services).sort()).toEqual(['kafka', 'postgres', 'db-roles', 'identity', ...apps].sort());
});

it('runs Kafka from the official image in KRaft mode, and Postgres', () => {
  expect(compose.services.kafka.image).toMatch(/^apache\/kafka:3\.9/);
  expect(compose.services.kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
  expect(compose.services.postgres.image).toMatch(/^postgres:/);
  for (const infra of ['kafka', 'postgres']) expect(compose.services[infra].healthcheck?.test).toBeDefined();
});

it('creates the database roles first, once, as the administrator, with every password', () => {
  const oneShot = compose.services['db-roles'];
  expect(oneShot.build).toEqual({ context: '.', target: 'db-roles' });
  expect(dockerfile).toMatch(/^FROM .+ AS db-roles$/m);
  expect(dockerfile).toMatch(/^CMD \[.*"scripts\/db-roles\.ts"\]$/m);
  expect(oneShot.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  expect(Object.keys(oneShot.environment ?? {}).sort()).toEqual(
    ['DATABASE_URL', ...ROLES.map((role) => role.passwordVariable)].sort(),
  );
  expect(String(oneShot.environment?.DATABASE_URL)).toMatch(/^postgres:\/\/accord:.*@postgres:5432\/accord$/);
});

it('runs the local identity provider as npm start does, reachable by browsers at its issuer', () => {
  const identity = compose.services.identity;
  expect(identity.build).toEqual({ context: '.', target: 'identity' });
  expect(dockerfile).toMatch(/^FROM .+ AS identity$/m);
  expect(dockerfile).toMatch(/^CMD \[.*"scripts\/identity\/provider\.ts"\]$/m);
  expect(dockerfile).toMatch(/IDP_HOST=0\.0\.0\.0/);
  expect(identity.environment?.IDP_ISSUER).toBe('${IDP_ISSUER:-http://identity.localhost:4400}');
  // Browsers resolve *.localhost to this machine; the containers, through the alias, to the provider.
  expect(identity.networks).toEqual({ default: { aliases: ['identity.localhost'] } });
  expect(identity.ports).toEqual(['4400:4400']);
  expect(identity.healthcheck?.test.join(' ')).toContain('/.well-known/openid-configuration');
});

describe.each(descriptors)('$name', (descriptor) => {
  const service = compose.services[descriptor.name];

  it('is built from the one multi-stage Dockerfile, for this app', () => {
    expect(service.build).toEqual({ context: '.', target: 'runtime', args: { SERVICE: descriptor.name } });
    expect(dockerfile).toMatch(new RegExp(`^FROM .+ AS ${service.build!.target}$`, 'm'));
    expect(dockerfile).toContain('dist/apps/${SERVICE}/main.js');
  });

  it('sets exactly the variables the service reads', () => {
    expect(Object.keys(service.environment ?? {}).sort()).toEqual(
      [...ENVIRONMENT_VARIABLES, ...(OWN_VARIABLES[descriptor.name] ?? [])].sort(),
    );
  });

  it('listens on its usual port with its own schema, as with npm start', () => {
    expect(service.environment?.PORT).toBe(descriptor.defaultPort);
    expect(service.environment?.DB_SCHEMA).toBe(descriptor.defaultSchema);
    expect(service.ports).toEqual([`${descriptor.defaultPort}:${descriptor.defaultPort}`]);
  });

  it('waits for healthy Kafka and Postgres, and reports its own readiness', () => {
    expect(service.depends_on).toMatchObject({
      kafka: { condition: 'service_healthy' },
      postgres: { condition: 'service_healthy' },
      'db-roles': { condition: 'service_completed_successfully' },
    });
    expect(service.healthcheck?.test.join(' ')).toContain('/health/ready');
  });

  it('reaches Kafka and Postgres by their compose names', () => {
    expect(service.environment?.KAFKA_BROKERS).toBe('kafka:19092');
    expect(String(service.environment?.DATABASE_URL)).toMatch(/@postgres:5432\//);
  });

  it('logs in to Postgres with its own role, whose password db-roles sets', () => {
    const role = ROLES.find((r) => r.service === descriptor.name)!;
    const [, user, variable] =
      /^postgres:\/\/(\w+):\$\{(\w+)[:}]/.exec(String(service.environment?.DATABASE_URL)) ?? [];
    expect({ user, variable }).toEqual({ user: roleName(role.key), variable: role.passwordVariable });
    expect(compose.services['db-roles'].environment?.[variable]).toContain(`\${${variable}`);
  });
});
