import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register kept only when a change was recorded (`updated_at`). Dashboards follow business
 * dates, so it also keeps the day of the project's latest act and the day its current status began.
 *
 * Existing rows are filled from what the tables know: the latest business date among the project's
 * proposal, gate decisions, milestones and outcomes, and for a status other than active the day it
 * was recorded. Rebuilding the `project-views` projection (`npm run rebuild`) replaces them with the
 * dates the events carry.
 */
export class AddProjectBusinessDates1764400000000 implements MigrationInterface {
  name = 'AddProjectBusinessDates1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE project_register ADD COLUMN last_activity_on date, ADD COLUMN status_since date');
    await db.query(`
      UPDATE project_register p SET
        last_activity_on = greatest(
          p.proposed_on,
          (SELECT max(decided_on) FROM project_gate_decisions d WHERE d.project_id = p.project_id),
          (SELECT max(actual_date) FROM project_milestones m WHERE m.project_id = p.project_id),
          (SELECT max(occurred_on) FROM project_outcomes o WHERE o.project_id = p.project_id)
        ),
        status_since = CASE
          WHEN p.status = 'active' THEN coalesce(
            (SELECT max(decided_on) FROM project_gate_decisions d WHERE d.project_id = p.project_id),
            p.proposed_on)
          ELSE p.updated_at::date
        END`);
    await db.query(
      'ALTER TABLE project_register ALTER COLUMN last_activity_on SET NOT NULL, ALTER COLUMN status_since SET NOT NULL',
    );
    await db.query('CREATE INDEX project_register_last_activity ON project_register (last_activity_on)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX project_register_last_activity');
    await db.query('ALTER TABLE project_register DROP COLUMN last_activity_on, DROP COLUMN status_since');
  }
}
