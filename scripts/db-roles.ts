/**
 * `npm run db:roles`: creates or updates the database roles the services log in with (see
 * scripts/infra/db-roles.ts). DATABASE_URL is an administrative connection (a superuser, or the
 * database's owner with CREATEROLE); the passwords come from PARTNER_DB_PASSWORD,
 * AGREEMENT_DB_PASSWORD, PROJECT_DB_PASSWORD, DASHBOARD_DB_PASSWORD and, for the BI tools' read-only
 * role, REPORTING_DB_PASSWORD (optional). Safe to run again: with new passwords, it changes them.
 */
import { passwordsFrom, provisionRoles } from './infra/db-roles';

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL is required: an administrative connection to the Accord database');
  await provisionRoles(adminUrl, passwordsFrom(process.env), { log: (line) => console.log(`db roles: ${line}`) });
  console.log('db roles: done; each service connects with its own role from its next start');
}

main().catch((error: Error) => {
  // The message only: it never holds a password (the statements carry password verifiers).
  console.error(`db roles: ${error.message}`);
  process.exit(1);
});
