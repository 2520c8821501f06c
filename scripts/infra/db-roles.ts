/**
 * Least privilege in Postgres: each service logs in with a role of its own, which owns the service's
 * schema and may touch nothing else; the dashboard's role also reads the tables the services share
 * with its views (they grant it, see shareReadModels); BI tools' role reads the reporting views only.
 * Used by `npm run db:roles` (scripts/db-roles.ts), `npm start` and the tests.
 */
import { Client, escapeIdentifier as id, escapeLiteral as literal } from 'pg';
import { scramSha256Verifier } from '@accord/platform/database/password-verifier';
import { REPORTING_SCHEMA } from '@accord/platform/database/shared-read-models';

export interface RolePasswords {
  partner: string;
  agreement: string;
  project: string;
  dashboard: string;
  /** Optional: without it the BI tools' role is neither created nor changed. */
  reporting?: string;
}

export type RoleKey = keyof RolePasswords;

interface RoleSpec {
  key: RoleKey;
  /** The app that logs in with it, if any. */
  service?: string;
  /** Where `npm run db:roles` and `npm start` read its password. */
  passwordVariable: string;
  /** Schemas it owns, created for it: the services' own, the dashboard's and its `reporting` views. */
  schemas: string[];
  /** Temporary tables: the services build past versions of their read models in them (`?asOf=`). */
  temporary: boolean;
}

export const ROLES: readonly RoleSpec[] = [
  {
    key: 'partner',
    service: 'partner-service',
    passwordVariable: 'PARTNER_DB_PASSWORD',
    schemas: ['partner'],
    temporary: true,
  },
  {
    key: 'agreement',
    service: 'agreement-service',
    passwordVariable: 'AGREEMENT_DB_PASSWORD',
    schemas: ['agreement'],
    temporary: true,
  },
  {
    key: 'project',
    service: 'project-service',
    passwordVariable: 'PROJECT_DB_PASSWORD',
    schemas: ['project'],
    temporary: true,
  },
  {
    key: 'dashboard',
    service: 'dashboard',
    passwordVariable: 'DASHBOARD_DB_PASSWORD',
    schemas: ['dashboard', REPORTING_SCHEMA],
    temporary: false,
  },
  { key: 'reporting', passwordVariable: 'REPORTING_DB_PASSWORD', schemas: [], temporary: false },
];

/**
 * `accord_partner` and so on. Role names are shared by every database of a server, so tests, which
 * each work in a database of their own on one server, give theirs a prefix.
 */
export function roleName(key: RoleKey, prefix = ''): string {
  return `${prefix}accord_${key}`;
}

/**
 * The passwords from the environment (PARTNER_DB_PASSWORD, ...), or from `fallback` for those it
 * leaves unset; all but the reporting role's are required.
 */
export function passwordsFrom(env: NodeJS.ProcessEnv, fallback: Partial<RolePasswords> = {}): RolePasswords {
  const found = new Map(ROLES.map(({ key, passwordVariable }) => [key, env[passwordVariable] || fallback[key]]));
  const missing = ROLES.filter(({ key }) => key !== 'reporting' && !found.get(key));
  if (missing.length > 0) throw new Error(`missing: ${missing.map((role) => role.passwordVariable).join(', ')}`);
  const [partner, agreement, project, dashboard] = (['partner', 'agreement', 'project', 'dashboard'] as const).map(
    (key) => found.get(key)!,
  );
  return { partner, agreement, project, dashboard, reporting: found.get('reporting') };
}

/** The connection URL of a role: the administrative one with the role's name and password. */
export function roleUrl(adminUrl: string, role: string, password: string): string {
  const url = new URL(adminUrl);
  url.username = role;
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** The administrative connection may not provision roles; nothing was changed. */
export class ProvisioningNotPermitted extends Error {}

export interface ProvisionOptions {
  prefix?: string;
  /** One line per change, never a password. */
  log?: (line: string) => void;
}

/**
 * Creates the roles, or updates their passwords; creates their schemas, or hands existing ones (and
 * all in them) over to them; locks the database down. Run with an administrative connection (a
 * superuser, or the database's owner with CREATEROLE); all in one transaction, and safe to repeat.
 */
export async function provisionRoles(
  adminUrl: string,
  passwords: RolePasswords,
  { prefix = '', log = () => {} }: ProvisionOptions = {},
): Promise<void> {
  if (!/^[a-z0-9_]*$/.test(prefix)) throw new Error('a role prefix holds lower-case letters, digits and underscores');
  const roles = ROLES.filter(({ key }) => passwords[key] !== undefined);
  for (const { key, passwordVariable } of roles) {
    if (!passwords[key]) throw new Error(`${passwordVariable} is empty: every role needs a password`);
  }
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const [admin] = (
      await client.query<{ superuser: boolean; createrole: boolean; owner: boolean; database: string }>(
        `SELECT r.rolsuper AS superuser, r.rolcreaterole AS createrole, current_database() AS database,
                pg_has_role(current_user, d.datdba, 'MEMBER') AS owner
           FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()`,
      )
    ).rows;
    if (!admin.superuser && !(admin.createrole && admin.owner)) {
      throw new ProvisioningNotPermitted(
        'the database user may not provision roles: it must be a superuser, or own the database and have CREATEROLE',
      );
    }
    await client.query('BEGIN');
    // Two runs against one database queue up rather than race on the same catalog rows.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('accord:db-roles'))`);
    for (const spec of roles) await provisionRole(client, spec, roleName(spec.key, prefix), passwords, admin, log);
    await lockDownDatabase(client, admin.database, roles, prefix);
    if (passwords.reporting !== undefined) await grantReporting(client, prefix);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if ((error as { code?: string }).code === '42501') {
      throw new ProvisioningNotPermitted(`the database user may not provision roles: ${(error as Error).message}`);
    }
    throw error;
  } finally {
    await client.end();
  }
}

async function provisionRole(
  client: Client,
  spec: RoleSpec,
  role: string,
  passwords: RolePasswords,
  admin: { superuser: boolean },
  log: (line: string) => void,
): Promise<void> {
  const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount === 1;
  // A verifier, not the password: the statement may end up in the server's log.
  const password = literal(scramSha256Verifier(passwords[spec.key]!));
  // Only a superuser may name these attributes, even to deny them; anyone else gets a check below.
  const denied = admin.superuser ? ' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS' : '';
  await client.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${id(role)} LOGIN${denied} PASSWORD ${password}`);
  const [powers] = (
    await client.query<{ powerful: boolean }>(
      `SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls AS powerful
         FROM pg_roles WHERE rolname = $1`,
      [role],
    )
  ).rows;
  if (powers.powerful)
    throw new Error(`role ${role} has rights beyond logging in (superuser, CREATEDB, ...): remove them`);
  // CREATE SCHEMA ... AUTHORIZATION and ALTER ... OWNER TO need a non-superuser to be a member of the role.
  if (!admin.superuser && spec.schemas.length > 0) await client.query(`GRANT ${id(role)} TO CURRENT_USER`);
  log(`${role}: ${exists ? 'password updated' : 'created'}`);
  for (const schema of spec.schemas) await ownSchema(client, schema, role, log);
}

/**
 * Makes the role own the schema and everything in it: new, or taken over from whoever created it
 * (a database that ran as one user until now), so its migrations can alter its tables.
 */
async function ownSchema(client: Client, schema: string, role: string, log: (line: string) => void): Promise<void> {
  const [found] = (
    await client.query<{ owner: string }>(
      'SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = $1',
      [schema],
    )
  ).rows;
  if (!found) {
    await client.query(`CREATE SCHEMA ${id(schema)} AUTHORIZATION ${id(role)}`);
    log(`${role}: schema ${schema} created`);
    return;
  }
  if (found.owner !== role) await client.query(`ALTER SCHEMA ${id(schema)} OWNER TO ${id(role)}`);
  // Sequences that belong to a column follow their table; indexes too.
  const objects = await client.query<{ name: string; kind: string }>(
    `SELECT c.relname AS name, c.relkind AS kind FROM pg_class c
      WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1)
        AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)
        AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                                    AND d.deptype IN ('a', 'i'))`,
    [schema, role],
  );
  const keyword: Record<string, string> = {
    r: 'TABLE',
    p: 'TABLE',
    v: 'VIEW',
    m: 'MATERIALIZED VIEW',
    f: 'FOREIGN TABLE',
    S: 'SEQUENCE',
  };
  for (const { name, kind } of objects.rows) {
    await client.query(`ALTER ${keyword[kind]} ${id(schema)}.${id(name)} OWNER TO ${id(role)}`);
  }
  if (found.owner !== role || objects.rows.length > 0) {
    log(`${role}: took over schema ${schema} and ${objects.rows.length} tables, views and sequences in it`);
  }
}

/**
 * Nobody but these roles (and the administrators) may connect, and nobody may create schemas (the
 * roles own theirs) or tables in `public`: a service's role can reach its own schema only.
 */
async function lockDownDatabase(
  client: Client,
  database: string,
  roles: readonly RoleSpec[],
  prefix: string,
): Promise<void> {
  await client.query(`REVOKE ALL ON DATABASE ${id(database)} FROM PUBLIC`);
  const publicSchema = await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'public'`);
  if (publicSchema.rowCount === 1) await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  for (const { key, temporary } of roles) {
    const rights = temporary ? 'CONNECT, TEMPORARY' : 'CONNECT';
    await client.query(`GRANT ${rights} ON DATABASE ${id(database)} TO ${id(roleName(key, prefix))}`);
  }
}

/**
 * The BI tools' role reads the reporting views, those there now and those the dashboard creates
 * later (default privileges), and nothing else: the views read the services' tables with their
 * owner's rights, not the reader's.
 */
async function grantReporting(client: Client, prefix: string): Promise<void> {
  const reporting = id(roleName('reporting', prefix));
  const dashboard = id(roleName('dashboard', prefix));
  await client.query(`GRANT USAGE ON SCHEMA ${id(REPORTING_SCHEMA)} TO ${reporting}`);
  await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${id(REPORTING_SCHEMA)} TO ${reporting}`);
  await client.query(
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${dashboard} IN SCHEMA ${id(REPORTING_SCHEMA)} GRANT SELECT ON TABLES TO ${reporting}`,
  );
}
