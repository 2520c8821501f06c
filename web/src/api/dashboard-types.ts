/*
 * TO BE REPLACED: the response shapes of the dashboard server's own routes, typed by hand from
 * apps/dashboard/src/portfolio/portfolio.queries.ts because docs/openapi/dashboard.json does not
 * declare its responses yet (its paths and query parameters are generated, in generated/dashboard.ts).
 * Once it does, import `components['schemas'][...]` from there and delete this file; the compiler
 * will point at every use.
 */

export interface ExpiringAgreement {
  id: string;
  title: string;
  type: string;
  expiryDate: string;
  daysLeft: number;
  noticeDeadline?: string | null;
  renewalStand?: string | null;
}

export interface OverdueObligation {
  id: string;
  agreementId: string;
  agreementTitle: string;
  kind: string;
  description: string | null;
  dueDate: string;
  daysOverdue: number;
}

export interface Portfolio {
  partners: {
    total: number;
    byType: { type: string; count: number }[];
    byRegion: { region: string; count: number }[];
    byTechnologyArea: { area: string; count: number }[];
    byStatus: { status: string; count: number }[];
  };
  agreements: {
    total: number;
    activeByType: { type: string; count: number }[];
    expiring: { within30: number; within60: number; within90: number; items: ExpiringAgreement[] };
    overdueObligations: OverdueObligation[];
  };
  projects: {
    funnel: { stage: string; projects: number; onHold: number }[];
    conversion: { stage: string; decided: number; advanced: number; rate: number | null }[];
    recentDecisions: { projectId: string; title: string; gate: string; decision: string; decidedOn: string }[];
    atRisk: number;
    closed: Record<string, number>;
  };
  outcomes: {
    byYear: { year: number; kind: string; count: number }[];
    byPartner: { partnerId: string; partnerName: string; kind: string; count: number }[];
  };
  funding: { byPartnerType: { partnerType: string; direction: string; currency: string; amount: number }[] };
  generatedAt: string;
}

export interface AgreementRow {
  id: string;
  title: string;
  type: string;
  status: string;
  effectiveDate: string | null;
  expiryDate: string | null;
  partyCount: number;
}

export interface Partner360 {
  profile: {
    id: string;
    name: string;
    type: string;
    country: string;
    region: string | null;
    website: string | null;
    tier: string;
    status: string;
    technologyAreas: string[];
    registeredAt: string;
  };
  agreements: {
    id: string;
    title: string;
    type: string;
    status: string;
    effectiveDate: string | null;
    expiryDate: string | null;
  }[];
  projects: { id: string; title: string; stage: string; status: string; proposedOn: string | null }[];
  outcomes: { id: string; kind: string; title: string; occurredOn: string; projectTitle: string }[];
  /** Newest first: milestones at their business dates, changes at the moment they were recorded, with who. */
  timeline: { date: string; kind: string; what: string; at?: string; by?: string; actor?: string | null }[];
}
