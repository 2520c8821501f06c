import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePartnerReadModels1763800000000 implements MigrationInterface {
  name = 'CreatePartnerReadModels1763800000000';

  async up(db: QueryRunner): Promise<void> {
    // The directory: one row per partner, indexed for the list's filters. The unique key is the
    // duplicate guard: the same normalised name in the same country cannot be registered twice,
    // even by two requests racing each other (the loser's whole append rolls back).
    await db.query(`
      CREATE TABLE partner_directory (
        partner_id       uuid PRIMARY KEY,
        name             text        NOT NULL,
        normalised_name  text        NOT NULL,
        type             text        NOT NULL,
        country          char(2)     NOT NULL,
        website          text,
        technology_areas text[]      NOT NULL DEFAULT '{}',
        tier             text        NOT NULL,
        status           text        NOT NULL,
        contact_count    integer     NOT NULL DEFAULT 0,
        version          integer     NOT NULL,
        registered_at    timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        CONSTRAINT partner_directory_name_country UNIQUE (normalised_name, country)
      )`);
    await db.query('CREATE INDEX partner_directory_type ON partner_directory (type)');
    await db.query('CREATE INDEX partner_directory_country ON partner_directory (country)');
    await db.query('CREATE INDEX partner_directory_status ON partner_directory (status)');
    await db.query('CREATE INDEX partner_directory_areas ON partner_directory USING gin (technology_areas)');

    // Contacts with their personal fields in clear, for the detail page; erased ones keep their
    // row (role, side) with the personal fields gone.
    await db.query(`
      CREATE TABLE partner_contacts (
        contact_id  uuid PRIMARY KEY,
        partner_id  uuid        NOT NULL,
        name        text,
        email       text,
        role        text        NOT NULL,
        internal    boolean     NOT NULL,
        status      text        NOT NULL,
        added_at    timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX partner_contacts_partner ON partner_contacts (partner_id)');

    // One encryption key per contact, outside the event store: deleting it erases the contact's
    // personal data from every event that holds it, without rewriting history.
    await db.query(`
      CREATE TABLE contact_keys (
        contact_id uuid PRIMARY KEY,
        key        bytea       NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE contact_keys');
    await db.query('DROP TABLE partner_contacts');
    await db.query('DROP TABLE partner_directory');
  }
}
