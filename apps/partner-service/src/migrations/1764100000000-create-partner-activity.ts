import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the partner detail shows of the other services: a partner's agreements by status, its
 * projects by stage, and its last activity, kept from the agreement and project topics.
 */
export class CreatePartnerActivity1764100000000 implements MigrationInterface {
  name = 'CreatePartnerActivity1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE partner_agreements (
        agreement_id uuid    NOT NULL,
        partner_id   uuid    NOT NULL,
        status       text    NOT NULL,
        version      integer NOT NULL,
        PRIMARY KEY (agreement_id, partner_id)
      )`);
    await db.query('CREATE INDEX partner_agreements_partner ON partner_agreements (partner_id)');
    await db.query(`
      CREATE TABLE partner_projects (
        project_id uuid    NOT NULL,
        partner_id uuid    NOT NULL,
        stage      text    NOT NULL,
        status     text    NOT NULL,
        version    integer NOT NULL,
        PRIMARY KEY (project_id, partner_id)
      )`);
    await db.query('CREATE INDEX partner_projects_partner ON partner_projects (partner_id)');
    await db.query(`
      CREATE TABLE partner_activity (
        partner_id       uuid PRIMARY KEY,
        last_activity_at timestamptz NOT NULL,
        last_activity    text        NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE partner_activity');
    await db.query('DROP TABLE partner_projects');
    await db.query('DROP TABLE partner_agreements');
  }
}
