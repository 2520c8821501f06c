import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { AgreementServiceModule } from '../apps/agreement-service/src/app.module';
import { agreementService } from '../apps/agreement-service/src/service';
import { DashboardModule } from '../apps/dashboard/src/app.module';
import { REPORTING_VIEWS } from '../apps/dashboard/src/migrations/1764200000000-create-reporting-views';
import { dashboardService } from '../apps/dashboard/src/service';
import { PartnerServiceModule } from '../apps/partner-service/src/app.module';
import { partnerService } from '../apps/partner-service/src/service';
import { ProjectServiceModule } from '../apps/project-service/src/app.module';
import { projectService } from '../apps/project-service/src/service';
import { provisionRoles, roleName, roleUrl, type RoleKey } from '../scripts/infra/db-roles';
import { createTestDatabase, type TestDatabase } from './support/database';
import { bootService } from './support/service';

/**
 * Each service logs in with its own role and reaches its own schema only; the dashboard reads the
 * services' shared read models and nothing else of theirs; BI tools' role reads the reporting views
 * only. Proved with the services booted as those roles (their migrations ran as them) and direct
 * connections as each role. Role names carry a prefix: they are shared by the whole server.
 */
const KEYS: RoleKey[] = ['partner', 'agreement', 'project', 'dashboard', 'reporting'];
const PERMISSION_DENIED = '42501';

/**
 * Who may read what. Written out rather than derived from the descriptors, so that a table wrongly
 * added to a service's sharedReadModels fails here. Every relation is readable by someone, so a
 * refusal elsewhere cannot be a relation that does not exist.
 */
const READERS: Record<string, RoleKey[]> = {
  'partner.events': ['partner'],
  'partner.outbox': ['partner'],
  'partner.inbox': ['partner'],
  'partner.contact_keys': ['partner'],
  'partner.partner_contacts': ['partner'],
  'partner.partner_activity': ['partner', 'dashboard'],
  'partner.partner_directory': ['partner', 'dashboard'],
  'agreement.events': ['agreement'],
  'agreement.known_partners': ['agreement'],
  'agreement.agreement_amendments': ['agreement'],
  'agreement.agreement_register': ['agreement', 'dashboard'],
  'agreement.agreement_obligations': ['agreement', 'dashboard'],
  'project.events': ['project'],
  'project.known_agreements': ['project'],
  'project.project_milestones': ['project'],
  'project.project_register': ['project', 'dashboard'],
  'project.project_gate_decisions': ['project', 'dashboard'],
  'project.project_outcomes': ['project', 'dashboard'],
  'dashboard.events': ['dashboard'],
  'dashboard.inbox': ['dashboard'],
  'dashboard.change_log': ['dashboard'],
  ...Object.fromEntries(REPORTING_VIEWS.map((view) => [`reporting.${view}`, ['dashboard', 'reporting']])),
};
const cases = Object.entries(READERS).flatMap(([relation, readers]) =>
  KEYS.map((role) => ({ relation, role, allowed: readers.includes(role) })),
);

const SERVICE_KEYS = ['partner', 'agreement', 'project'] as const;
/** The schemas each role owns: between them, every schema of Accord's. */
const OWNS: Record<RoleKey, string[]> = {
  partner: ['partner'],
  agreement: ['agreement'],
  project: ['project'],
  dashboard: ['dashboard', 'reporting'],
  reporting: [],
};

const newPrefix = () => `lp${randomBytes(4).toString('hex')}_`;
const newPasswords = () =>
  Object.fromEntries(KEYS.map((key) => [key, randomBytes(24).toString('hex')])) as Record<RoleKey, string>;

/** The roles outlive a test's database: they belong to the server. */
async function dropRoles(prefix: string): Promise<void> {
  const admin = new Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    for (const key of KEYS) await admin.query(`DROP ROLE IF EXISTS ${roleName(key, prefix)}`);
  } finally {
    await admin.end();
  }
}

describe('least privilege in Postgres', () => {
  const prefix = newPrefix();
  const passwords = newPasswords();
  let db: TestDatabase;
  const apps: INestApplication[] = [];
  const clients = new Map<RoleKey, Client>();
  const as = (role: RoleKey) => clients.get(role)!;
  const urlOf = (role: RoleKey) => roleUrl(db.url, roleName(role, prefix), passwords[role]);
  const refused = (role: RoleKey, sql: string) =>
    expect(as(role).query(sql)).rejects.toMatchObject({ code: PERMISSION_DENIED });

  beforeAll(async () => {
    db = await createTestDatabase('least_privilege');
    await provisionRoles(db.url, passwords, { prefix });
    // The services first: they grant the dashboard their shared read models, which its views read.
    apps.push(await bootService(partnerService, PartnerServiceModule, { DATABASE_URL: urlOf('partner') }));
    apps.push(await bootService(agreementService, AgreementServiceModule, { DATABASE_URL: urlOf('agreement') }));
    apps.push(await bootService(projectService, ProjectServiceModule, { DATABASE_URL: urlOf('project') }));
    apps.push(await bootService(dashboardService, DashboardModule, { DATABASE_URL: urlOf('dashboard') }));
    for (const key of KEYS) {
      const client = new Client({ connectionString: urlOf(key) });
      await client.connect();
      clients.set(key, client);
    }
  }, 90_000);

  afterAll(async () => {
    for (const client of clients.values()) await client.end();
    for (const app of apps.reverse()) await app.close();
    await db?.drop();
    await dropRoles(prefix);
  });

  it.each(SERVICE_KEYS)('ran the %s service as its own role: it owns its schema and every table in it', async (key) => {
    const owners = await db.query<{ owner: string }>(
      `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class
        WHERE relnamespace = $1::text::regnamespace AND relkind IN ('r', 'v')
       UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = $1`,
      [key],
    );
    expect(owners.map((row) => row.owner)).toEqual([roleName(key, prefix)]);
  });

  it('ran the dashboard as its own role: it owns its schema and the reporting views', async () => {
    const owners = await db.query<{ owner: string }>(
      `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class
        WHERE relnamespace IN ('dashboard'::regnamespace, 'reporting'::regnamespace) AND relkind IN ('r', 'v')`,
    );
    expect(owners.map((row) => row.owner)).toEqual([roleName('dashboard', prefix)]);
  });

  it.each(cases)('$role reads $relation: $allowed', async ({ relation, role, allowed }) => {
    const read = as(role).query(`SELECT * FROM ${relation} LIMIT 1`);
    if (allowed) await expect(read).resolves.toMatchObject({ command: 'SELECT' });
    else await expect(read).rejects.toMatchObject({ code: PERMISSION_DENIED });
  });

  // The matrix above samples; this covers every table and view there is, from the catalog.
  it.each(KEYS)('grants %s, beyond its own schemas, SELECT on exactly what the list says', async (key) => {
    const readable = await db.query<{ schema: string; relation: string }>(
      `SELECT n.nspname AS schema, n.nspname || '.' || c.relname AS relation
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY($2) AND c.relkind IN ('r', 'p', 'v', 'm') AND has_table_privilege($1, c.oid, 'SELECT')`,
      [roleName(key, prefix), Object.values(OWNS).flat()],
    );
    const beyond = readable.filter(({ schema }) => !OWNS[key].includes(schema)).map(({ relation }) => relation);
    const listed = Object.entries(READERS)
      .filter(([relation, readers]) => readers.includes(key) && !OWNS[key].includes(relation.split('.')[0]))
      .map(([relation]) => relation);
    expect(beyond.sort()).toEqual(listed.sort());
  });

  it.each(SERVICE_KEYS)('lets %s write its own tables, and no other service’s', async (key) => {
    const insert = (schema: string) =>
      `INSERT INTO ${schema}.inbox (consumer, message_id, topic) VALUES ('least-privilege', '${key}', 'test')`;
    await expect(as(key).query(insert(key))).resolves.toMatchObject({ rowCount: 1 });
    await expect(as(key).query(`DELETE FROM ${key}.inbox WHERE consumer = 'least-privilege'`)).resolves.toMatchObject({
      rowCount: 1,
    });
    for (const other of SERVICE_KEYS.filter((k) => k !== key)) await refused(key, insert(other));
  });

  it('lets the dashboard and BI tools read, and never write', async () => {
    await refused('dashboard', 'DELETE FROM partner.partner_directory');
    await refused('dashboard', `UPDATE agreement.agreement_register SET title = 'x'`);
    await refused('reporting', 'DELETE FROM reporting.partners');
  });

  it.each(KEYS)('lets %s create no schema, and no table in public or in a schema not its own', async (key) => {
    await refused(key, `CREATE SCHEMA ${prefix}intruder`);
    await refused(key, 'CREATE TABLE public.intruder (id int)');
    const others = Object.values(OWNS)
      .flat()
      .filter((schema) => !OWNS[key].includes(schema));
    for (const schema of others) await refused(key, `CREATE TABLE ${schema}.intruder (id int)`);
  });

  it('lets the services, and only they, make temporary tables (past versions of read models, ?asOf=)', async () => {
    for (const key of SERVICE_KEYS) {
      await expect(as(key).query('CREATE TEMP TABLE scratch (id int)')).resolves.toBeDefined();
      await as(key).query('DROP TABLE scratch');
    }
    await refused('dashboard', 'CREATE TEMP TABLE scratch (id int)');
    await refused('reporting', 'CREATE TEMP TABLE scratch (id int)');
  });

  it('lets only the roles connect to the database', async () => {
    const [grants] = await db.query<{ everyone: boolean }>(
      `SELECT has_database_privilege('public', current_database(), 'CONNECT') AS everyone`,
    );
    expect(grants.everyone).toBe(false);
  });

  it('can be run again: nothing changes, nothing fails', async () => {
    await provisionRoles(db.url, passwords, { prefix });
    await expect(as('dashboard').query('SELECT 1 FROM partner.partner_directory')).resolves.toBeDefined();
    await refused('dashboard', 'SELECT 1 FROM partner.contact_keys');
    await expect(as('reporting').query('SELECT count(*) FROM reporting.partners')).resolves.toBeDefined();
  });
});

describe('provisioning a database that ran as one user until now', () => {
  const prefix = newPrefix();
  const passwords = newPasswords();
  let db: TestDatabase;
  const apps: INestApplication[] = [];

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await db?.drop();
    await dropRoles(prefix);
  });

  it('hands each schema and everything in it to its role, and the service runs on as that role', async () => {
    db = await createTestDatabase('least_privilege_takeover');
    // As before: the service, and a reporting view over its read model, created by the one user.
    const before = await bootService(partnerService, PartnerServiceModule, { DATABASE_URL: db.url });
    await before.close();
    await db.query('CREATE SCHEMA reporting');
    await db.query('CREATE VIEW reporting.partners AS SELECT name FROM partner.partner_directory');

    await provisionRoles(db.url, passwords, { prefix });
    const owners = await db.query<{ relation: string; owner: string }>(
      `SELECT n.nspname || '.' || c.relname AS relation, pg_get_userbyid(c.relowner) AS owner
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('partner', 'reporting') AND c.relkind IN ('r', 'v', 'S')`,
    );
    expect(owners.length).toBeGreaterThan(5);
    for (const { relation, owner } of owners) {
      expect({ relation, owner }).toEqual({
        relation,
        owner: roleName(relation.startsWith('partner.') ? 'partner' : 'dashboard', prefix),
      });
    }

    const url = (role: RoleKey) => roleUrl(db.url, roleName(role, prefix), passwords[role]);
    apps.push(await bootService(partnerService, PartnerServiceModule, { DATABASE_URL: url('partner') }));
    // Its start granted the view's owner the read model: BI tools' role reads through the view.
    const reporting = new Client({ connectionString: url('reporting') });
    await reporting.connect();
    try {
      await expect(reporting.query('SELECT count(*) FROM reporting.partners')).resolves.toMatchObject({ rowCount: 1 });
      await expect(reporting.query('SELECT 1 FROM partner.partner_directory')).rejects.toMatchObject({
        code: PERMISSION_DENIED,
      });
    } finally {
      await reporting.end();
    }
  }, 60_000);
});
