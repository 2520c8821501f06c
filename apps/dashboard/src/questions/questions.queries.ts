import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { normaliseTechnologyAreas } from '@accord/contracts';

type Row = Record<string, unknown>;

export interface Period {
  year?: number;
  from?: string;
  to?: string;
}

const DEFAULT_DAYS = 90;

/**
 * The questions alliance managers ask, each answered from one `reporting` view with the request's
 * filters as a WHERE clause: what a BI tool reads from the same view with the same filters is the
 * same answer. Nothing is computed here that the view does not hold, but for renaming, grouping
 * rows into a nested answer and a rate.
 */
@Injectable()
export class QuestionsQueries {
  constructor(private readonly db: DataSource) {}

  private query<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.query<T[]>(sql, params);
  }

  /** reporting.agreement_renewals: days_left <= withinDays. */
  async expiringAgreements(withinDays = DEFAULT_DAYS) {
    const items = await this.query(
      `SELECT agreement_id AS id, title, type, status, owner_id AS "ownerId", party_ids AS "partyIds",
              party_names AS "partyNames", to_char(expiry_date, 'YYYY-MM-DD') AS "expiryDate", days_left AS "daysLeft",
              auto_renew AS "autoRenew", notice_period_days AS "noticePeriodDays",
              to_char(notice_deadline, 'YYYY-MM-DD') AS "noticeDeadline", renewal_window AS "renewalWindow",
              renewals, renewal_stand AS "renewalStand"
         FROM reporting.agreement_renewals
        WHERE days_left <= $1
        ORDER BY days_left, title, agreement_id`,
      [withinDays],
    );
    return { withinDays, items };
  }

  /** reporting.partner_outcomes, by partner type, partner, kind and year or dates. */
  async ipOutcomes(f: Period & { partnerType?: string; partnerId?: string; kind?: string }) {
    const items = await this.query<Row & { outcomeId: string; kind: string }>(
      `SELECT outcome_id AS "outcomeId", kind, title, to_char(occurred_on, 'YYYY-MM-DD') AS "occurredOn", year,
              jurisdiction, application_number AS "applicationNumber", project_id AS "projectId",
              project_title AS "projectTitle", partner_id AS "partnerId", partner_name AS "partnerName",
              partner_type AS "partnerType"
         FROM reporting.partner_outcomes
        WHERE ($1::text IS NULL OR partner_type = $1) AND ($2::uuid IS NULL OR partner_id = $2)
          AND ($3::text IS NULL OR kind = $3) AND ($4::int IS NULL OR year = $4)
          AND ($5::date IS NULL OR occurred_on >= $5) AND ($6::date IS NULL OR occurred_on <= $6)
        ORDER BY occurred_on DESC, title, partner_name, outcome_id`,
      [f.partnerType ?? null, f.partnerId ?? null, f.kind ?? null, f.year ?? null, f.from ?? null, f.to ?? null],
    );
    // An outcome shared by two partners of the filter is one outcome on two rows.
    const kinds = new Map<string, Set<string>>();
    for (const item of items) kinds.set(item.kind, (kinds.get(item.kind) ?? new Set()).add(item.outcomeId));
    return {
      outcomes: new Set(items.map((item) => item.outcomeId)).size,
      byKind: [...kinds].map(([kind, ids]) => ({ kind, count: ids.size })).sort((a, b) => a.kind.localeCompare(b.kind)),
      items,
    };
  }

  /** reporting.project_funnel: open projects per stage now; the portfolio's funnel too. */
  async openByStage() {
    const rows = await this.query<{ stage: string; projects: number; on_hold: number }>(
      'SELECT stage, projects, on_hold FROM reporting.project_funnel ORDER BY position',
    );
    return rows.map((row) => ({ stage: row.stage, projects: row.projects, onHold: row.on_hold }));
  }

  /**
   * reporting.project_funnel with reporting.gate_decision_counts summed over the period's days.
   * No period given: this calendar year.
   */
  async funnel(p: Period) {
    const rows = await this.query<{
      stage: string;
      projects: number;
      on_hold: number;
      go: number;
      kill: number;
      hold: number;
      recycle: number;
      decisions: number;
      from_day: string | null;
      to_day: string | null;
    }>(
      `WITH period AS (
         SELECT CASE WHEN $1::int IS NOT NULL THEN make_date($1::int, 1, 1)
                     WHEN $2::date IS NOT NULL OR $3::date IS NOT NULL THEN $2::date
                     ELSE date_trunc('year', current_date)::date END AS from_day,
                CASE WHEN $1::int IS NOT NULL THEN make_date($1::int, 12, 31)
                     WHEN $2::date IS NOT NULL OR $3::date IS NOT NULL THEN $3::date
                     ELSE (date_trunc('year', current_date) + interval '1 year - 1 day')::date END AS to_day
       )
       SELECT f.stage, f.projects, f.on_hold,
              coalesce(sum(c.go), 0)::int AS go, coalesce(sum(c.kill), 0)::int AS kill,
              coalesce(sum(c.hold), 0)::int AS hold, coalesce(sum(c.recycle), 0)::int AS recycle,
              coalesce(sum(c.decisions), 0)::int AS decisions,
              to_char(period.from_day, 'YYYY-MM-DD') AS from_day, to_char(period.to_day, 'YYYY-MM-DD') AS to_day
         FROM reporting.project_funnel f
        CROSS JOIN period
         LEFT JOIN reporting.gate_decision_counts c
           ON c.stage = f.stage
          AND (period.from_day IS NULL OR c.decided_on >= period.from_day)
          AND (period.to_day IS NULL OR c.decided_on <= period.to_day)
        GROUP BY f.stage, f.position, f.projects, f.on_hold, period.from_day, period.to_day
        ORDER BY f.position`,
      [p.year ?? null, p.from ?? null, p.to ?? null],
    );
    return {
      period: { from: rows[0]?.from_day ?? null, to: rows[0]?.to_day ?? null },
      stages: rows.map((row) => ({
        stage: row.stage,
        projects: row.projects,
        onHold: row.on_hold,
        go: row.go,
        kill: row.kill,
        hold: row.hold,
        recycle: row.recycle,
        decisions: row.decisions,
        goRate: row.decisions === 0 ? null : Math.round((row.go / row.decisions) * 100) / 100,
      })),
    };
  }

  /**
   * reporting.project_agreement_risks: the rows of agreements that ended, the project is flagged
   * for, or expire within the days given, one answer per project with those agreements.
   */
  async projectsAtRisk(f: { endingWithinDays?: number; flaggedOnly?: boolean }) {
    const endingWithinDays = f.endingWithinDays ?? DEFAULT_DAYS;
    const flaggedOnly = f.flaggedOnly ?? false;
    const items = await this.query(
      `SELECT project_id AS "projectId", project_title AS title, stage, project_status AS status,
              project_flagged AS flagged,
              jsonb_agg(jsonb_build_object(
                'agreementId', agreement_id, 'title', agreement_title, 'status', agreement_status,
                'expiryDate', expiry_date, 'endedOn', ended_on, 'daysLeft', days_left, 'ended', ended, 'flagged', flagged)
                ORDER BY ended DESC, days_left NULLS FIRST, agreement_title, agreement_id) AS agreements
         FROM reporting.project_agreement_risks
        WHERE (ended OR flagged OR days_left <= $1) AND (NOT $2::boolean OR project_flagged)
        GROUP BY project_id, project_title, stage, project_status, project_flagged
        ORDER BY bool_or(ended OR flagged) DESC, min(days_left) NULLS FIRST, project_title, project_id`,
      [endingWithinDays, flaggedOnly],
    );
    return { endingWithinDays, flaggedOnly, items };
  }

  /** reporting.partner_inactivity: no act for inactiveForDays or more, or none at all. */
  async dormantPartners(f: { inactiveForDays?: number; status?: string; type?: string }) {
    const items = await this.query(
      `SELECT partner_id AS id, name, type, country, tier, status, to_char(status_since, 'YYYY-MM-DD') AS "statusSince",
              to_char(last_activity_on, 'YYYY-MM-DD') AS "lastActivityOn", last_activity AS "lastActivity",
              days_since_activity AS "daysSinceActivity"
         FROM reporting.partner_inactivity
        WHERE ($1::int IS NULL OR days_since_activity IS NULL OR days_since_activity >= $1)
          AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR type = $3)
        ORDER BY last_activity_on NULLS FIRST, name, partner_id`,
      [f.inactiveForDays ?? null, f.status ?? null, f.type ?? null],
    );
    return { inactiveForDays: f.inactiveForDays ?? null, items };
  }

  /** reporting.technology_area_partners for one tag, written as the services store tags. */
  async technologyAreaPartners(area: string) {
    const [tag = ''] = normaliseTechnologyAreas([area]);
    const items = await this.query(
      `SELECT partner_id AS id, name, type, country, tier, status, live_project_count AS "liveProjectCount",
              live_projects AS "liveProjects"
         FROM reporting.technology_area_partners
        WHERE technology_area = $1
        ORDER BY name, partner_id`,
      [tag],
    );
    return { area: tag, items };
  }
}
