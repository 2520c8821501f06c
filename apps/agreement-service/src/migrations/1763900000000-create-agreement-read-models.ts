import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAgreementReadModels1763900000000 implements MigrationInterface {
  name = 'CreateAgreementReadModels1763900000000';

  async up(db: QueryRunner): Promise<void> {
    // The agreement register: one row per agreement with its current terms, for the list, its
    // filters, the detail page and the scheduler's look-ups.
    await db.query(`
      CREATE TABLE agreement_register (
        agreement_id        uuid PRIMARY KEY,
        type                text        NOT NULL,
        title               text        NOT NULL,
        purpose             text,
        status              text        NOT NULL,
        party_ids           uuid[]      NOT NULL,
        owner_id            text        NOT NULL,
        parent_agreement_id uuid,
        technology_areas    text[]      NOT NULL DEFAULT '{}',
        effective_date      date        NOT NULL,
        expiry_date         date,
        auto_renew          boolean     NOT NULL,
        notice_period_days  integer     NOT NULL,
        funding             jsonb       NOT NULL DEFAULT '[]',
        ip_terms            jsonb       NOT NULL,
        signatures          jsonb       NOT NULL DEFAULT '{}',
        amendments          integer     NOT NULL DEFAULT 0,
        renewals            integer     NOT NULL DEFAULT 0,
        version             integer     NOT NULL,
        drafted_at          timestamptz NOT NULL,
        updated_at          timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX agreement_register_type ON agreement_register (type)');
    await db.query('CREATE INDEX agreement_register_status ON agreement_register (status)');
    await db.query('CREATE INDEX agreement_register_parties ON agreement_register USING gin (party_ids)');
    await db.query('CREATE INDEX agreement_register_expiry ON agreement_register (expiry_date)');
    await db.query('CREATE INDEX agreement_register_effective ON agreement_register (effective_date)');

    await db.query(`
      CREATE TABLE agreement_obligations (
        obligation_id uuid PRIMARY KEY,
        agreement_id  uuid        NOT NULL,
        kind          text        NOT NULL,
        description   text        NOT NULL,
        due_date      date        NOT NULL,
        status        text        NOT NULL,
        updated_at    timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX agreement_obligations_agreement ON agreement_obligations (agreement_id)');
    await db.query('CREATE INDEX agreement_obligations_due ON agreement_obligations (status, due_date)');

    await db.query(`
      CREATE TABLE agreement_amendments (
        agreement_id uuid        NOT NULL,
        amendment    integer     NOT NULL,
        summary      text        NOT NULL,
        changes      jsonb       NOT NULL,
        amended_at   timestamptz NOT NULL,
        PRIMARY KEY (agreement_id, amendment)
      )`);

    // What this service knows of partners: only what the partner service published.
    await db.query(`
      CREATE TABLE known_partners (
        partner_id uuid PRIMARY KEY,
        name       text        NOT NULL,
        status     text        NOT NULL,
        version    integer     NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE known_partners');
    await db.query('DROP TABLE agreement_amendments');
    await db.query('DROP TABLE agreement_obligations');
    await db.query('DROP TABLE agreement_register');
  }
}
