import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The questions alliance managers ask, one `reporting` view each (issue #19): the dashboard's
 * `/api/questions/*` routes read these views with their filters, so a route and a BI report built on
 * the same view give the same answer. Every date is a business date (the day the act happened in
 * the world), and "today" is the database's `current_date`, as in the other reporting views.
 *
 * Views are created in this order: later ones read earlier ones.
 */
const VIEWS: Record<string, { sql: string; comment: string }> = {
  agreement_renewals: {
    comment:
      'Signed or active agreements not yet expired, with where their renewal stands: notice_deadline (expiry_date minus ' +
      'notice_period_days), days_left, renewal_window (the narrowest of the 90/60/30-day windows before expiry that is ' +
      'open, null before 90 days), renewals so far, and renewal_stand: renews_automatically (auto_renew), ending (notice ' +
      'deadline passed without auto-renewal), window_open, or not_yet. Filter days_left <= N for "expiring within N days".',
    sql: `SELECT a.agreement_id, a.type, a.title, a.status, a.owner_id, a.party_ids,
                 ARRAY(SELECT p.name FROM partner.partner_directory p WHERE p.partner_id = ANY (a.party_ids) ORDER BY p.name)
                   AS party_names,
                 a.effective_date, a.expiry_date, a.auto_renew, a.notice_period_days,
                 a.expiry_date - a.notice_period_days AS notice_deadline,
                 a.expiry_date - current_date AS days_left,
                 CASE WHEN a.expiry_date - current_date <= 30 THEN 30
                      WHEN a.expiry_date - current_date <= 60 THEN 60
                      WHEN a.expiry_date - current_date <= 90 THEN 90 END AS renewal_window,
                 a.renewals,
                 CASE WHEN a.auto_renew THEN 'renews_automatically'
                      WHEN a.expiry_date - a.notice_period_days < current_date THEN 'ending'
                      WHEN a.expiry_date - current_date <= 90 THEN 'window_open'
                      ELSE 'not_yet' END AS renewal_stand
            FROM agreement.agreement_register a
           WHERE a.status IN ('signed', 'active') AND a.expiry_date >= current_date`,
  },
  // The 2025 view, now read from the one above: its columns kept first and in order, the renewal's added.
  expiring_agreements: {
    comment:
      'Signed or active agreements expiring within 90 days of today, with the days left, owner and where the renewal stands (see agreement_renewals).',
    sql: `SELECT agreement_id, type, title, status, expiry_date, days_left, owner_id, auto_renew, notice_period_days,
                 notice_deadline, renewal_window, renewals, renewal_stand
            FROM reporting.agreement_renewals
           WHERE days_left <= 90`,
  },
  partner_outcomes: {
    comment:
      'One row per outcome and partner it counts for, with the partner type, the project and the year of the day it ' +
      'occurred: IP outcomes by partner type, partner, kind and year (an outcome shared by two partners is on two rows).',
    sql: `SELECT o.outcome_id, o.kind, o.title, o.occurred_on, o.year, o.jurisdiction, o.application_number,
                 o.project_id, pr.title AS project_title,
                 p.partner_id, p.name AS partner_name, p.type AS partner_type, p.country AS partner_country
            FROM reporting.outcomes o
            JOIN reporting.outcome_partners op ON op.outcome_id = o.outcome_id
            JOIN reporting.partners p ON p.partner_id = op.partner_id
            JOIN reporting.projects pr ON pr.project_id = o.project_id`,
  },
  project_funnel: {
    comment:
      'One row per stage (generate, ideate, develop, launch; position 1 to 4): open projects now (active or on hold) and how many of them are on hold.',
    sql: `SELECT s.stage, s.position, count(p.project_id)::int AS projects,
                 count(p.project_id) FILTER (WHERE p.status = 'on_hold')::int AS on_hold
            FROM (VALUES ('generate', 1), ('ideate', 2), ('develop', 3), ('launch', 4)) AS s(stage, position)
            LEFT JOIN reporting.projects p ON p.stage = s.stage AND p.status IN ('active', 'on_hold')
           GROUP BY s.stage, s.position`,
  },
  gate_decision_counts: {
    comment:
      'Gate decisions per stage and business day (decided_on, year): go, kill, hold, recycle and all decisions. ' +
      "A period's conversion is the sum over its days: go rate = sum(go) / sum(decisions).",
    sql: `SELECT stage, decided_on, extract(year FROM decided_on)::int AS year,
                 count(*) FILTER (WHERE decision = 'go')::int AS go,
                 count(*) FILTER (WHERE decision = 'kill')::int AS kill,
                 count(*) FILTER (WHERE decision = 'hold')::int AS hold,
                 count(*) FILTER (WHERE decision = 'recycle')::int AS recycle,
                 count(*)::int AS decisions
            FROM reporting.gate_decisions
           GROUP BY stage, decided_on`,
  },
  project_agreement_risks: {
    comment:
      'One row per live project (active or on hold) and agreement it runs under: whether the agreement has ended ' +
      '(expired or terminated; ended_on), whether the project is flagged for it, and the days left to its expiry. ' +
      'Projects at risk within N days: rows where ended OR flagged OR days_left <= N; flagged projects: project_flagged.',
    sql: `SELECT p.project_id, p.title AS project_title, p.stage, p.status AS project_status,
                 cardinality(p.flagged_agreements) > 0 AS project_flagged,
                 a.agreement_id, a.title AS agreement_title, a.status AS agreement_status, a.expiry_date, a.ended_on,
                 (a.ended_on IS NOT NULL OR a.status IN ('expired', 'terminated')) AS ended,
                 a.agreement_id = ANY (p.flagged_agreements) AS flagged,
                 CASE WHEN a.ended_on IS NULL AND a.status NOT IN ('expired', 'terminated')
                      THEN a.expiry_date - current_date END AS days_left
            FROM project.project_register p
            JOIN agreement.agreement_register a ON a.agreement_id = ANY (p.agreement_ids)
           WHERE p.status IN ('active', 'on_hold')`,
  },
  partner_inactivity: {
    comment:
      'One row per partner with the business date of its latest act in an agreement or project (last_activity_on, ' +
      'null when none), what it was, and the days since. Dormant candidates after N days: days_since_activity >= N or ' +
      'no activity at all.',
    sql: `SELECT p.partner_id, p.name, p.type, p.country, p.tier, p.status, p.status_since,
                 (a.last_activity_at AT TIME ZONE 'UTC')::date AS last_activity_on, a.last_activity,
                 current_date - (a.last_activity_at AT TIME ZONE 'UTC')::date AS days_since_activity
            FROM partner.partner_directory p
            LEFT JOIN partner.partner_activity a ON a.partner_id = p.partner_id`,
  },
  technology_area_partners: {
    comment:
      'One row per technology area tag (lower-case) and partner that has it, with the live projects (active or on ' +
      'hold) the partner leads as a JSON array (projectId, title, stage, status, technologyAreas) and their number.',
    sql: `SELECT t.technology_area, p.partner_id, p.name, p.type, p.country, p.tier, p.status,
                 coalesce(live.projects, '[]'::jsonb) AS live_projects, coalesce(live.count, 0) AS live_project_count
            FROM reporting.partners p
            CROSS JOIN LATERAL unnest(p.technology_areas) AS t(technology_area)
            LEFT JOIN LATERAL (
              SELECT jsonb_agg(jsonb_build_object('projectId', pr.project_id, 'title', pr.title, 'stage', pr.stage,
                                                  'status', pr.status, 'technologyAreas', pr.technology_areas)
                               ORDER BY pr.title, pr.project_id) AS projects,
                     count(*)::int AS count
                FROM reporting.project_partners pp
                JOIN reporting.projects pr ON pr.project_id = pp.project_id
               WHERE pp.partner_id = p.partner_id AND pr.status IN ('active', 'on_hold')
            ) live ON true`,
  },
};

/** expiring_agreements as the first reporting migration made it, for `down`. */
const EXPIRING_AGREEMENTS_BEFORE = `SELECT agreement_id, type, title, status, expiry_date, (expiry_date - current_date) AS days_left
            FROM agreement.agreement_register
           WHERE status IN ('signed', 'active') AND expiry_date BETWEEN current_date AND current_date + 90`;

export class CreateQuestionViews1765100000000 implements MigrationInterface {
  name = 'CreateQuestionViews1765100000000';

  async up(db: QueryRunner): Promise<void> {
    for (const [name, view] of Object.entries(VIEWS)) {
      await db.query(`CREATE OR REPLACE VIEW reporting.${name} AS ${view.sql}`);
      await db.query(`COMMENT ON VIEW reporting.${name} IS ${quote(view.comment)}`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    // A view cannot lose columns in place: expiring_agreements is made again as it was.
    await db.query('DROP VIEW IF EXISTS reporting.expiring_agreements');
    for (const name of Object.keys(VIEWS).reverse()) await db.query(`DROP VIEW IF EXISTS reporting.${name}`);
    await db.query(`CREATE VIEW reporting.expiring_agreements AS ${EXPIRING_AGREEMENTS_BEFORE}`);
    await db.query(
      `COMMENT ON VIEW reporting.expiring_agreements IS 'Signed or active agreements expiring within 90 days of today, with the days left.'`,
    );
  }
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export const QUESTION_VIEWS = Object.keys(VIEWS);

/** The views' SQL, for the test that keeps the services' `sharedReadModels` equal to the tables read. */
export const QUESTION_VIEW_SQL = Object.values(VIEWS).map((view) => view.sql);
