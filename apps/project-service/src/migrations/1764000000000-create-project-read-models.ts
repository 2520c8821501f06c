import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProjectReadModels1764000000000 implements MigrationInterface {
  name = 'CreateProjectReadModels1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE project_register (
        project_id         uuid PRIMARY KEY,
        title              text           NOT NULL,
        stage              text           NOT NULL,
        status             text           NOT NULL,
        agreement_ids      uuid[]         NOT NULL,
        lead_partner_ids   uuid[]         NOT NULL,
        technology_areas   text[]         NOT NULL DEFAULT '{}',
        budget             numeric(18, 2) NOT NULL,
        currency           char(3)        NOT NULL,
        spent              numeric(18, 2) NOT NULL DEFAULT 0,
        over_budget        boolean        NOT NULL DEFAULT false,
        team               jsonb          NOT NULL DEFAULT '[]',
        flagged_agreements uuid[]         NOT NULL DEFAULT '{}',
        proposed_on        date           NOT NULL,
        version            integer        NOT NULL,
        updated_at         timestamptz    NOT NULL
      )`);
    await db.query('CREATE INDEX project_register_stage ON project_register (stage, status)');
    await db.query('CREATE INDEX project_register_agreements ON project_register USING gin (agreement_ids)');
    await db.query('CREATE INDEX project_register_partners ON project_register USING gin (lead_partner_ids)');
    await db.query('CREATE INDEX project_register_areas ON project_register USING gin (technology_areas)');

    // Every gate decision, for the funnel (conversion between gates) and decisions over time.
    await db.query(`
      CREATE TABLE project_gate_decisions (
        project_id  uuid        NOT NULL,
        version     integer     NOT NULL,
        gate        text        NOT NULL,
        stage       text        NOT NULL,
        decision    text        NOT NULL,
        gatekeepers text[]      NOT NULL,
        criteria    jsonb       NOT NULL,
        notes       text,
        decided_on  date        NOT NULL,
        PRIMARY KEY (project_id, version)
      )`);
    await db.query('CREATE INDEX project_gate_decisions_by_date ON project_gate_decisions (decided_on)');

    await db.query(`
      CREATE TABLE project_milestones (
        milestone_id uuid PRIMARY KEY,
        project_id   uuid NOT NULL,
        name         text NOT NULL,
        planned_date date NOT NULL,
        actual_date  date,
        evidence     text
      )`);
    await db.query('CREATE INDEX project_milestones_project ON project_milestones (project_id)');

    // Outcomes with the partners they count for: IP outcomes per partner and per year.
    await db.query(`
      CREATE TABLE project_outcomes (
        outcome_id         uuid PRIMARY KEY,
        project_id         uuid    NOT NULL,
        kind               text    NOT NULL,
        title              text    NOT NULL,
        occurred_on        date    NOT NULL,
        partner_ids        uuid[]  NOT NULL,
        jurisdiction       text,
        application_number text,
        relates_to         uuid,
        spin_out_company   text
      )`);
    await db.query('CREATE INDEX project_outcomes_project ON project_outcomes (project_id)');
    await db.query('CREATE INDEX project_outcomes_partners ON project_outcomes USING gin (partner_ids)');

    // What this service knows of agreements: only what the agreement service published.
    await db.query(`
      CREATE TABLE known_agreements (
        agreement_id uuid PRIMARY KEY,
        title        text        NOT NULL,
        status       text        NOT NULL,
        partner_ids  uuid[]      NOT NULL,
        version      integer     NOT NULL,
        updated_at   timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'known_agreements',
      'project_outcomes',
      'project_milestones',
      'project_gate_decisions',
      'project_register',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
