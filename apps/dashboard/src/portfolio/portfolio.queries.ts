import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MESSAGE_TYPES } from '@accord/contracts';
import { NotFoundError } from '@accord/event-store';
import { QuestionsQueries } from '../questions/questions.queries';
import { partnerTimeline, type ChangeRow, type Milestone } from './partner-timeline';
import { regionOf } from './regions';

type Row = Record<string, unknown>;
const n = (value: unknown) => Number(value);

/** An ORDER BY from the whitelisted sorts only (never text from the request). */
function partnerOrder(sort: TableFilters['sort'] = 'name'): string {
  const column = { name: 'name', country: 'country', tier: 'tier' }[sort.replace(/^-/, '') as 'name'];
  return `${column} ${sort.startsWith('-') ? 'DESC' : 'ASC'}, name`;
}

/** How many changes the 360° timeline shows: the latest, a screenful or two. */
const RECENT_CHANGES = 40;

/** The partner tables' orders, as the web app's list offers them (a leading - descends). */
export const PARTNER_SORTS = ['name', '-name', 'country', '-country', 'tier', '-tier'] as const;

/** Filters shared by the tables and their CSV exports; each maps to a column of a reporting view. */
export interface TableFilters {
  type?: string;
  status?: string;
  country?: string;
  stage?: string;
  partnerId?: string;
  q?: string;
  technologyArea?: string;
  tier?: string;
  sort?: (typeof PARTNER_SORTS)[number];
}

/**
 * Everything the dashboard shows, read from the `reporting` views: the same documented surface a BI
 * tool reads, so the page and an analyst's report can never disagree.
 */
@Injectable()
export class PortfolioQueries {
  constructor(
    private readonly db: DataSource,
    private readonly questions: QuestionsQueries,
  ) {}

  private query<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.query<T[]>(sql, params);
  }

  async portfolio() {
    const partners = await this.query<{ type: string; country: string; status: string }>(
      'SELECT type, country, status FROM reporting.partners',
    );
    const count = <K extends string>(values: string[], key: K) =>
      Object.entries(values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {}))
        .map(([value, c]) => ({ [key]: value, count: c }) as Record<K, string> & { count: number })
        .sort((a, b) => b.count - a.count);
    const areas = await this.query<{ area: string; count: string }>(
      `SELECT technology_area AS area, count(*) AS count FROM reporting.partner_technology_areas
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 15`,
    );
    const agreementTotals = await this.query<{ total: string }>('SELECT count(*) AS total FROM reporting.agreements');
    const activeByType = await this.query<{ type: string; count: string }>(
      `SELECT type, count(*) AS count FROM reporting.agreements WHERE status = 'active' GROUP BY 1 ORDER BY 2 DESC, 1`,
    );
    // The question "which agreements expire within 90 days, and where does their renewal stand".
    const { items: expiring } = await this.questions.expiringAgreements(90);
    const overdue = await this.query<Row>(
      `SELECT obligation_id AS id, agreement_id AS "agreementId", agreement_title AS "agreementTitle", kind, description,
              to_char(due_date, 'YYYY-MM-DD') AS "dueDate", days_overdue AS "daysOverdue"
         FROM reporting.overdue_obligations ORDER BY due_date`,
    );
    const funnel = await this.questions.openByStage();
    const atRisk = await this.questions.projectsAtRisk({ endingWithinDays: 90 });
    const gates = await this.query<{ stage: string; decided: string; advanced: string }>(
      `SELECT stage, count(DISTINCT project_id) AS decided, count(DISTINCT project_id) FILTER (WHERE decision = 'go') AS advanced
         FROM reporting.gate_decisions GROUP BY 1`,
    );
    const closed = await this.query<{ status: string; count: string }>(
      `SELECT status, count(*) AS count FROM reporting.projects WHERE status NOT IN ('active', 'on_hold') GROUP BY 1`,
    );
    const recentDecisions = await this.query<Row>(
      `SELECT d.project_id AS "projectId", p.title, d.gate, d.decision, to_char(d.decided_on, 'YYYY-MM-DD') AS "decidedOn"
         FROM reporting.gate_decisions d JOIN reporting.projects p USING (project_id)
        ORDER BY d.decided_on DESC LIMIT 10`,
    );
    const outcomesByYear = await this.query<{ year: number; kind: string; count: string }>(
      'SELECT year, kind, count(*) AS count FROM reporting.outcomes GROUP BY 1, 2 ORDER BY 1, 2',
    );
    const outcomesByPartner = await this.query<{ partnerId: string; partnerName: string; kind: string; count: string }>(
      `SELECT op.partner_id AS "partnerId", p.name AS "partnerName", o.kind, count(*) AS count
         FROM reporting.outcome_partners op JOIN reporting.outcomes o USING (outcome_id)
         JOIN reporting.partners p USING (partner_id) GROUP BY 1, 2, 3 ORDER BY 2, 3`,
    );
    const funding = await this.query<{ partnerType: string; direction: string; currency: string; amount: string }>(
      `SELECT partner_type AS "partnerType", direction, currency, amount FROM reporting.funding_by_partner_type ORDER BY 1, 2, 3`,
    );
    const within = (days: number) => expiring.filter((e) => n(e.daysLeft) <= days).length;
    const STAGES = ['generate', 'ideate', 'develop', 'launch'];
    return {
      partners: {
        total: partners.length,
        byType: count(
          partners.map((p) => p.type),
          'type',
        ),
        byRegion: count(
          partners.map((p) => regionOf(p.country)),
          'region',
        ),
        byTechnologyArea: areas.map((a) => ({ area: a.area, count: n(a.count) })),
        byStatus: count(
          partners.map((p) => p.status),
          'status',
        ),
      },
      agreements: {
        total: n(agreementTotals[0]?.total ?? 0),
        activeByType: activeByType.map((a) => ({ type: a.type, count: n(a.count) })),
        expiring: { within30: within(30), within60: within(60), within90: within(90), items: expiring },
        overdueObligations: overdue,
      },
      projects: {
        funnel,
        conversion: STAGES.map((stage) => {
          const row = gates.find((g) => g.stage === stage);
          const decided = n(row?.decided ?? 0);
          const advanced = n(row?.advanced ?? 0);
          return {
            stage,
            decided,
            advanced,
            rate: decided === 0 ? null : Math.round((advanced / decided) * 100) / 100,
          };
        }),
        recentDecisions,
        // Projects whose agreements ended, are flagged, or expire within 90 days.
        atRisk: atRisk.items.length,
        closed: Object.fromEntries(closed.map((c) => [c.status, n(c.count)])),
      },
      outcomes: {
        byYear: outcomesByYear.map((o) => ({ year: n(o.year), kind: o.kind, count: n(o.count) })),
        byPartner: outcomesByPartner.map((o) => ({ ...o, count: n(o.count) })),
      },
      funding: { byPartnerType: funding.map((f) => ({ ...f, amount: n(f.amount) })) },
      generatedAt: new Date().toISOString(),
    };
  }

  async partners(f: TableFilters) {
    const rows = await this.query<Row & { country: string }>(
      `SELECT partner_id AS id, name, type, country, status, tier, technology_areas AS "technologyAreas"
         FROM reporting.partners
        WHERE ($1::text IS NULL OR type = $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR country = upper($3))
          AND ($4::text IS NULL OR name ILIKE '%' || $4 || '%')
          AND ($5::text IS NULL OR $5 = ANY (technology_areas)) AND ($6::text IS NULL OR tier = $6)
        ORDER BY ${partnerOrder(f.sort)}`,
      [f.type ?? null, f.status ?? null, f.country ?? null, f.q ?? null, f.technologyArea ?? null, f.tier ?? null],
    );
    return rows.map((row) => ({ ...row, region: regionOf(row.country) }));
  }

  agreements(f: TableFilters) {
    return this.query(
      `SELECT a.agreement_id AS id, a.title, a.type, a.status, to_char(a.effective_date, 'YYYY-MM-DD') AS "effectiveDate",
              to_char(a.expiry_date, 'YYYY-MM-DD') AS "expiryDate", a.party_count AS "partyCount"
         FROM reporting.agreements a
        WHERE ($1::text IS NULL OR a.type = $1) AND ($2::text IS NULL OR a.status = $2)
          AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM reporting.agreement_parties p WHERE p.agreement_id = a.agreement_id AND p.partner_id = $3))
        ORDER BY a.effective_date DESC, a.title`,
      [f.type ?? null, f.status ?? null, f.partnerId ?? null],
    );
  }

  async projects(f: TableFilters) {
    const rows = await this.query<Row>(
      `SELECT p.project_id AS id, p.title, p.stage, p.status, p.budget, p.currency, p.spent, p.over_budget AS "overBudget", p.flagged
         FROM reporting.projects p
        WHERE ($1::text IS NULL OR p.stage = $1) AND ($2::text IS NULL OR p.status = $2)
          AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM reporting.project_partners pp WHERE pp.project_id = p.project_id AND pp.partner_id = $3))
        ORDER BY p.updated_at DESC`,
      [f.stage ?? null, f.status ?? null, f.partnerId ?? null],
    );
    return rows.map((row) => ({ ...row, budget: n(row.budget), spent: n(row.spent) }));
  }

  /** A partner's 360° page: profile, agreements, projects, outcomes and a timeline of all of them. */
  async partner360(partnerId: string) {
    const [profile] = await this.query<Row & { country: string; registeredAt: Date }>(
      `SELECT partner_id AS id, name, type, country, website, tier, status, technology_areas AS "technologyAreas",
              registered_at AS "registeredAt"
         FROM reporting.partners WHERE partner_id = $1`,
      [partnerId],
    );
    if (!profile) throw new NotFoundError('partner_not_found', `no partner ${partnerId}`);
    const agreements = await this.query<Row & { title: string; effectiveDate: string; status: string }>(
      `SELECT a.agreement_id AS id, a.title, a.type, a.status, to_char(a.effective_date, 'YYYY-MM-DD') AS "effectiveDate",
              to_char(a.expiry_date, 'YYYY-MM-DD') AS "expiryDate"
         FROM reporting.agreements a JOIN reporting.agreement_parties p USING (agreement_id)
        WHERE p.partner_id = $1 ORDER BY a.effective_date DESC`,
      [partnerId],
    );
    const projects = await this.query<Row>(
      `SELECT p.project_id AS id, p.title, p.stage, p.status, to_char(p.proposed_on, 'YYYY-MM-DD') AS "proposedOn"
         FROM reporting.projects p JOIN reporting.project_partners pp USING (project_id)
        WHERE pp.partner_id = $1 ORDER BY p.proposed_on DESC`,
      [partnerId],
    );
    const outcomes = await this.query<Row & { title: string; kind: string; occurredOn: string }>(
      `SELECT o.outcome_id AS id, o.kind, o.title, to_char(o.occurred_on, 'YYYY-MM-DD') AS "occurredOn", p.title AS "projectTitle"
         FROM reporting.outcomes o JOIN reporting.outcome_partners op USING (outcome_id) JOIN reporting.projects p USING (project_id)
        WHERE op.partner_id = $1 ORDER BY o.occurred_on DESC`,
      [partnerId],
    );
    const decisions = await this.query<{ date: string; title: string; gate: string; decision: string }>(
      `SELECT to_char(d.decided_on, 'YYYY-MM-DD') AS date, p.title, d.gate, d.decision
         FROM reporting.gate_decisions d JOIN reporting.project_partners pp USING (project_id) JOIN reporting.projects p USING (project_id)
        WHERE pp.partner_id = $1`,
      [partnerId],
    );
    const milestones: Milestone[] = [
      {
        date: profile.registeredAt.toISOString().slice(0, 10),
        what: `Registered as a ${String(profile.type).replace('_', ' ')}`,
        kind: 'partner',
      },
      ...agreements.map((a) => ({
        date: a.effectiveDate,
        what: `${a.title} (${a.status.replace('_', ' ')})`,
        kind: 'agreement' as const,
      })),
      ...decisions.map((d) => ({
        date: d.date,
        what: `${d.title}: ${d.decision.toUpperCase()} at ${d.gate}`,
        kind: 'gate' as const,
      })),
      ...outcomes.map((o) => ({
        date: o.occurredOn,
        what: `${o.kind.replace(/_/g, ' ')}: ${o.title}`,
        kind: 'outcome' as const,
      })),
    ];
    const timeline = partnerTimeline(milestones, await this.recentChanges(partnerId));
    const { registeredAt, ...rest } = profile;
    return {
      profile: { ...rest, region: regionOf(profile.country), registeredAt: registeredAt.toISOString() },
      agreements,
      projects,
      outcomes,
      timeline,
    };
  }

  /**
   * The latest changes to the partner, its agreements and its projects, from the dashboard's change
   * log, with the agreement's or project's title. The registration is always included however old
   * it is: the timeline shows who registered the partner.
   */
  private recentChanges(partnerId: string): Promise<ChangeRow[]> {
    return this.query<ChangeRow>(
      `WITH subjects AS (
         SELECT $1::uuid AS aggregate_id, 'partner' AS subject, NULL::text AS title
         UNION
         SELECT a.agreement_id, 'agreement', a.title
           FROM reporting.agreement_parties p JOIN reporting.agreements a USING (agreement_id) WHERE p.partner_id = $1
         UNION
         SELECT pr.project_id, 'project', pr.title
           FROM reporting.project_partners pp JOIN reporting.projects pr USING (project_id) WHERE pp.partner_id = $1
       )
       SELECT c.event_id AS id, c.type, c.actor, c.occurred_at AS at, s.subject, s.title
         FROM change_log c JOIN subjects s USING (aggregate_id)
        ORDER BY (s.subject = 'partner' AND c.type = $2) DESC, c.occurred_at DESC, c.event_id DESC
        LIMIT $3`,
      [partnerId, MESSAGE_TYPES.partnerRegistered, RECENT_CHANGES],
    );
  }
}
