import type { MigrationInterface, QueryRunner } from 'typeorm';
import { QUESTION_VIEWS, QUESTION_VIEW_SQL } from './1765100000000-create-question-views';
import { BUSINESS_DATE_VIEW_SQL } from './1765200000000-business-dates-in-reporting-views';

/**
 * The `reporting` schema: documented, read-only views over the three services' read models, for the
 * dashboard and for BI tools (Metabase, Grafana, Superset). The services keep their tables to
 * themselves; these views are the stable surface analysts build on. They assume the default
 * deployment, where the three services' schemas (`partner`, `agreement`, `project`) share one
 * database, and that the services have migrated first (the dashboard starts after them).
 */
const VIEWS: Record<string, { sql: string; comment: string }> = {
  partners: {
    comment: 'One row per partner: profile, tier, status (prospect, active, dormant, archived).',
    sql: `SELECT partner_id, name, type, country, website, technology_areas, tier, status, contact_count,
                 registered_at, updated_at
            FROM partner.partner_directory`,
  },
  partner_technology_areas: {
    comment: 'One row per partner and technology area tag.',
    sql: `SELECT partner_id, unnest(technology_areas) AS technology_area FROM partner.partner_directory`,
  },
  agreements: {
    comment: 'One row per agreement: type, status, dates, owner, number of partner parties, renewals, amendments.',
    sql: `SELECT agreement_id, type, title, status, owner_id, parent_agreement_id, technology_areas,
                 effective_date, expiry_date, auto_renew, notice_period_days, cardinality(party_ids) AS party_count,
                 amendments, renewals, drafted_at, updated_at
            FROM agreement.agreement_register`,
  },
  agreement_parties: {
    comment: 'One row per agreement and partner party.',
    sql: `SELECT agreement_id, unnest(party_ids) AS partner_id FROM agreement.agreement_register`,
  },
  agreement_funding: {
    comment: 'One row per funding line of an agreement: direction (inbound, outbound, in_kind), amount, currency.',
    sql: `SELECT a.agreement_id, a.status, f.direction, f.amount, f.currency, f.schedule
            FROM agreement.agreement_register a,
                 jsonb_to_recordset(a.funding) AS f(direction text, amount numeric, currency text, schedule text)`,
  },
  funding_by_partner_type: {
    comment:
      'Funding of signed or active agreements by partner type, direction and currency; an agreement with several parties counts its amount shared equally between them.',
    sql: `SELECT p.type AS partner_type, f.direction, f.currency, round(sum(f.amount / a.party_count), 2) AS amount
            FROM reporting.agreement_funding f
            JOIN reporting.agreements a USING (agreement_id)
            JOIN reporting.agreement_parties ap USING (agreement_id)
            JOIN reporting.partners p USING (partner_id)
           WHERE f.status IN ('signed', 'active')
           GROUP BY 1, 2, 3`,
  },
  expiring_agreements: {
    comment: 'Signed or active agreements expiring within 90 days of today, with the days left.',
    sql: `SELECT agreement_id, type, title, status, expiry_date, (expiry_date - current_date) AS days_left
            FROM agreement.agreement_register
           WHERE status IN ('signed', 'active') AND expiry_date BETWEEN current_date AND current_date + 90`,
  },
  overdue_obligations: {
    comment: 'Obligations past their due date on agreements that have not ended.',
    sql: `SELECT o.obligation_id, o.agreement_id, a.title AS agreement_title, o.kind, o.description, o.due_date,
                 (current_date - o.due_date) AS days_overdue
            FROM agreement.agreement_obligations o JOIN agreement.agreement_register a USING (agreement_id)
           WHERE o.status = 'overdue' AND a.status NOT IN ('expired', 'terminated', 'superseded')`,
  },
  projects: {
    comment: 'One row per project: stage (generate, ideate, develop, launch), status, budget, spend, flags.',
    sql: `SELECT project_id, title, stage, status, technology_areas, budget, currency, spent, over_budget,
                 cardinality(flagged_agreements) > 0 AS flagged, proposed_on, updated_at
            FROM project.project_register`,
  },
  project_partners: {
    comment: 'One row per project and lead partner.',
    sql: `SELECT project_id, unnest(lead_partner_ids) AS partner_id FROM project.project_register`,
  },
  project_agreements: {
    comment: 'One row per project and agreement it runs under.',
    sql: `SELECT project_id, unnest(agreement_ids) AS agreement_id FROM project.project_register`,
  },
  gate_decisions: {
    comment: 'Every gate decision: the gate, the stage it was taken at, go/kill/hold/recycle, date, gatekeepers.',
    sql: `SELECT project_id, gate, stage, decision, decided_on, gatekeepers, criteria, notes FROM project.project_gate_decisions`,
  },
  outcomes: {
    comment: 'Every outcome: kind (patent_filed, publication, ...), date, patent office and number when there are.',
    sql: `SELECT outcome_id, project_id, kind, title, occurred_on, extract(year FROM occurred_on)::int AS year,
                 jurisdiction, application_number, relates_to, spin_out_company
            FROM project.project_outcomes`,
  },
  outcome_partners: {
    comment: 'One row per outcome and the partner it counts for.',
    sql: `SELECT outcome_id, unnest(partner_ids) AS partner_id FROM project.project_outcomes`,
  },
};

export class CreateReportingViews1764200000000 implements MigrationInterface {
  name = 'CreateReportingViews1764200000000';

  async up(db: QueryRunner): Promise<void> {
    // Created only if missing: where the dashboard has a role of its own (`npm run db:roles`), the
    // schema was made for it and the role may not create schemas, not even `IF NOT EXISTS`.
    const [{ exists }] = (await db.query(
      `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'reporting') AS exists`,
    )) as { exists: boolean }[];
    if (!exists) await db.query('CREATE SCHEMA reporting');
    await db.query(`COMMENT ON SCHEMA reporting IS 'Accord: read-only views for dashboards and BI tools'`);
    for (const [name, view] of Object.entries(VIEWS)) {
      await db.query(`CREATE OR REPLACE VIEW reporting.${name} AS ${view.sql}`);
      await db.query(`COMMENT ON VIEW reporting.${name} IS ${quote(view.comment)}`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const name of Object.keys(VIEWS).reverse()) await db.query(`DROP VIEW IF EXISTS reporting.${name}`);
  }
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Every view of the `reporting` schema, this migration's and the later ones' (which may redefine one
 * of these): the lists the least-privilege tests check the grants against.
 */
export const REPORTING_VIEWS = [...new Set([...Object.keys(VIEWS), ...QUESTION_VIEWS])];

/** The views' SQL: a test keeps the services' `sharedReadModels` equal to the tables it reads. */
export const REPORTING_VIEW_SQL = [
  ...Object.values(VIEWS).map((view) => view.sql),
  ...QUESTION_VIEW_SQL,
  ...BUSINESS_DATE_VIEW_SQL,
];
