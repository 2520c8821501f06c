import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The business dates the services' read models now keep, added to the reporting views BI tools
 * read most: the day an agreement was executed, came into force and ended; the day a partner's or
 * a project's status began; a project's last activity. The columns are appended, so reports built
 * on the views as they were keep working.
 */
const VIEWS: Record<string, { sql: string; comment: string }> = {
  agreements: {
    comment:
      'One row per agreement: type, status, dates, owner, number of partner parties, renewals, amendments; and the business dates it was executed, came into force and ended.',
    sql: `SELECT agreement_id, type, title, status, owner_id, parent_agreement_id, technology_areas,
                 effective_date, expiry_date, auto_renew, notice_period_days, cardinality(party_ids) AS party_count,
                 amendments, renewals, drafted_at, updated_at, executed_on, activated_on, ended_on
            FROM agreement.agreement_register`,
  },
  partners: {
    comment:
      'One row per partner: profile, tier, status (prospect, active, dormant, archived), and the business date its status began.',
    sql: `SELECT partner_id, name, type, country, website, technology_areas, tier, status, contact_count,
                 registered_at, updated_at, status_since
            FROM partner.partner_directory`,
  },
  projects: {
    comment:
      'One row per project: stage (generate, ideate, develop, launch), status, budget, spend, flags; the business dates its status began and of its last act.',
    sql: `SELECT project_id, title, stage, status, technology_areas, budget, currency, spent, over_budget,
                 cardinality(flagged_agreements) > 0 AS flagged, proposed_on, updated_at, status_since, last_activity_on
            FROM project.project_register`,
  },
};

export class BusinessDatesInReportingViews1765200000000 implements MigrationInterface {
  name = 'BusinessDatesInReportingViews1765200000000';

  async up(db: QueryRunner): Promise<void> {
    for (const [name, view] of Object.entries(VIEWS)) {
      await db.query(`CREATE OR REPLACE VIEW reporting.${name} AS ${view.sql}`);
      await db.query(`COMMENT ON VIEW reporting.${name} IS '${view.comment.replace(/'/g, "''")}'`);
    }
  }

  async down(): Promise<void> {
    // Columns cannot be dropped from a view in place; the earlier definitions stay readable as they are.
  }
}

/** The views' SQL, for the test that keeps the services' shared read models equal to what they read. */
export const BUSINESS_DATE_VIEW_SQL = Object.values(VIEWS).map((view) => view.sql);
