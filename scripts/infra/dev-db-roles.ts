import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  ProvisioningNotPermitted,
  ROLES,
  passwordsFrom,
  provisionRoles,
  roleName,
  roleUrl,
  type RolePasswords,
} from './db-roles';
import { embeddedDatabaseUrl } from './postgres';
import { stateDir } from './state';

/**
 * `npm start` runs each service as its own database role, as a deployment should, so that a
 * developer meets a missing grant on the first run rather than in production.
 *
 * Passwords come from the environment when set (PARTNER_DB_PASSWORD, ...); otherwise they are
 * generated once and kept in .accord/db-roles.json, readable by its owner only, so later starts
 * find the roles as they left them (and `rm -rf .accord` starts over, database included).
 *
 * With a DATABASE_URL of the user's own whose user may not create roles, the roles are skipped
 * with a note and every service runs as that user, as before; ACCORD_DB_ROLES=0 skips them always.
 * Returns each app's DATABASE_URL, or nothing when the apps share the administrative one.
 */
export async function provisionDevRoles(): Promise<Record<string, string> | undefined> {
  if (process.env.ACCORD_DB_ROLES === '0') return undefined;
  const adminUrl = process.env.DATABASE_URL || embeddedDatabaseUrl;
  const passwords = passwordsFrom(process.env, devPasswords());
  try {
    await provisionRoles(adminUrl, passwords);
  } catch (error) {
    if (!(error instanceof ProvisioningNotPermitted) || !process.env.DATABASE_URL) throw error;
    console.log(`db roles: skipped (${error.message}); every service runs as the DATABASE_URL user`);
    return undefined;
  }
  console.log('db roles: each service connects with its own role (npm run db:roles)');
  const urls: Record<string, string> = {};
  for (const { service, key } of ROLES) if (service) urls[service] = roleUrl(adminUrl, roleName(key), passwords[key]!);
  return urls;
}

type DevPasswords = Omit<RolePasswords, 'reporting'>;

function devPasswords(): DevPasswords {
  const file = join(stateDir(), 'db-roles.json');
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevPasswords>) : {};
  const make = () => randomBytes(24).toString('hex');
  const passwords: DevPasswords = {
    partner: kept.partner ?? make(),
    agreement: kept.agreement ?? make(),
    project: kept.project ?? make(),
    dashboard: kept.dashboard ?? make(),
  };
  if (Object.keys(kept).length !== Object.keys(passwords).length) {
    writeFileSync(file, `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600 });
  }
  return passwords;
}
