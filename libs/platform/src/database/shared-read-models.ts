import { escapeIdentifier } from 'pg';
import type { DataSource } from 'typeorm';

/** The schema of the dashboard's views over the services' read models (and BI tools' only view of Accord). */
export const REPORTING_SCHEMA = 'reporting';

/**
 * Lets the `reporting` views read this service's shared read models, and nothing else of its schema.
 *
 * A view reads its tables with its owner's rights, so the role that owns the reporting views needs
 * SELECT on exactly the tables they read (never the events, outbox, inbox or keys). Those tables are
 * created by this service's migrations, after the roles were provisioned, so only the service, as
 * their owner, can grant it, once they exist: this runs right after the migrations, every start
 * (a new shared table comes with the migration that creates it).
 *
 * The grantee is whoever owns the `reporting` schema (`accord_dashboard` once `npm run db:roles` has
 * run) rather than a fixed name: it is what the views need by definition, it holds for test
 * databases whose roles carry a prefix, and when everything runs as one user (the schema is missing
 * or ours, or a superuser's) there is nothing to grant and nothing is done.
 */
export async function shareReadModels(db: DataSource, schema: string, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return;
  const [reader] = await db.query<{ name: string }[]>(
    `SELECT r.rolname AS name FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
      WHERE n.nspname = $1 AND r.rolname <> current_user AND NOT r.rolsuper`,
    [REPORTING_SCHEMA],
  );
  if (!reader) return;
  await db.transaction(async (tx) => {
    // Instances starting together would otherwise race on the same ACL ("tuple concurrently updated").
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${schema}:share-read-models`]);
    const [{ usage }] = await tx.query<{ usage: boolean }[]>(`SELECT has_schema_privilege($1, $2, 'USAGE') AS usage`, [
      reader.name,
      schema,
    ]);
    if (!usage) await tx.query(`GRANT USAGE ON SCHEMA ${escapeIdentifier(schema)} TO ${escapeIdentifier(reader.name)}`);
    const missing = await tx.query<{ name: string }[]>(
      `SELECT t AS name FROM unnest($3::text[]) AS t
        WHERE NOT has_table_privilege($1, format('%I.%I', $2::text, t), 'SELECT')`,
      [reader.name, schema, tables],
    );
    if (missing.length === 0) return;
    const list = missing.map(({ name }) => `${escapeIdentifier(schema)}.${escapeIdentifier(name)}`).join(', ');
    await tx.query(`GRANT SELECT ON ${list} TO ${escapeIdentifier(reader.name)}`);
  });
}
