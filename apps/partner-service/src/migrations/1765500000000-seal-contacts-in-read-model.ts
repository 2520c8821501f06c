import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seal } from '../partners/contact-vault';

/**
 * The contacts' read model kept names and e-mails in clear, so the table, its dead rows, the WAL and
 * backups held them whatever became of the contact's key. It now keeps them sealed with that key,
 * as the events do, and the service opens them on read.
 *
 * Existing rows are sealed into a new table that then takes the old one's place: updating in place
 * would leave the clear values in dead rows until a vacuum, and on disk after it; the old table's
 * files go with DROP. A contact without a key (erased) keeps no name or e-mail.
 */
export class SealContactsInReadModel1765500000000 implements MigrationInterface {
  name = 'SealContactsInReadModel1765500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE partner_contacts_sealed (
        contact_id   uuid PRIMARY KEY,
        partner_id   uuid        NOT NULL,
        sealed_name  text,
        sealed_email text,
        role         text        NOT NULL,
        internal     boolean     NOT NULL,
        status       text        NOT NULL,
        added_at     timestamptz NOT NULL,
        updated_at   timestamptz NOT NULL
      )`);
    const rows = (await db.query(
      'SELECT c.contact_id, c.name, c.email, k.key FROM partner_contacts c LEFT JOIN contact_keys k USING (contact_id)',
    )) as { contact_id: string; name: string | null; email: string | null; key: Buffer | null }[];
    const sealedOrNull = (key: Buffer | null, value: string | null) =>
      key && value !== null ? seal(key, value) : null;
    for (let start = 0; start < rows.length; start += 1_000) {
      const page = rows.slice(start, start + 1_000);
      await db.query(
        `INSERT INTO partner_contacts_sealed
         SELECT c.contact_id, c.partner_id, s.sealed_name, s.sealed_email, c.role, c.internal, c.status, c.added_at, c.updated_at
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS s (contact_id, sealed_name, sealed_email)
           JOIN partner_contacts c USING (contact_id)`,
        [
          page.map((row) => row.contact_id),
          page.map((row) => sealedOrNull(row.key, row.name)),
          page.map((row) => sealedOrNull(row.key, row.email)),
        ],
      );
    }
    await db.query('DROP TABLE partner_contacts');
    await db.query('ALTER TABLE partner_contacts_sealed RENAME TO partner_contacts');
    await db.query('ALTER INDEX partner_contacts_sealed_pkey RENAME TO partner_contacts_pkey');
    await db.query('CREATE INDEX partner_contacts_partner ON partner_contacts (partner_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    // Back to clear text needs the keys: a rebuild of partner-views (after reverting the code)
    // fills the old columns from the events.
    await db.query('ALTER TABLE partner_contacts RENAME COLUMN sealed_name TO name');
    await db.query('ALTER TABLE partner_contacts RENAME COLUMN sealed_email TO email');
  }
}
