import type { DomainEvent } from '@accord/event-store';

/** The Agreement aggregate: events, state and evolve. Pure: no framework, no I/O. */
export const AGREEMENT_TYPES = [
  'nda',
  'mou',
  'joint_research',
  'comprehensive_alliance',
  'co_development',
  'license',
  'consortium_membership',
  'investment',
  'scholarship_internship',
  'testbed',
] as const;
export const AGREEMENT_STATUSES = [
  'draft',
  'in_negotiation',
  'in_review',
  'approved',
  'signed',
  'active',
  'expired',
  'terminated',
  'superseded',
] as const;
export const FUNDING_DIRECTIONS = ['inbound', 'outbound', 'in_kind'] as const;
export const FOREGROUND_OWNERSHIP = ['company', 'partner', 'joint'] as const;
export const OBLIGATION_KINDS = ['report', 'milestone_evidence', 'payment', 'publication_review', 'other'] as const;
export const OBLIGATION_STATUSES = ['open', 'met', 'waived', 'overdue'] as const;
/** Renewal windows open this many days before expiry. */
export const RENEWAL_WINDOWS = [90, 60, 30] as const;
/** Our own side signs as this party id. */
export const COMPANY = 'company';

export type AgreementType = (typeof AGREEMENT_TYPES)[number];
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

/** A calendar date, `YYYY-MM-DD`: agreements run from and to days, not instants. */
export type IsoDate = string;

export interface Funding {
  direction: (typeof FUNDING_DIRECTIONS)[number];
  amount: number;
  /** ISO 4217 */
  currency: string;
  schedule: string | null;
}

export interface IpTerms {
  foregroundOwnership: (typeof FOREGROUND_OWNERSHIP)[number];
  publicationReviewDays: number;
  backgroundIpListed: boolean;
}

/** What the parties agree to; revised freely before approval, amended (versioned) after signing. */
export interface AgreementTerms {
  title: string;
  purpose: string | null;
  partyIds: string[];
  ownerId: string;
  parentAgreementId: string | null;
  technologyAreas: string[];
  effectiveDate: IsoDate;
  expiryDate: IsoDate | null;
  autoRenew: boolean;
  noticePeriodDays: number;
  funding: Funding[];
  ipTerms: IpTerms;
}

/** The terms an amendment may change. */
export type AmendableTerms = Partial<
  Pick<
    AgreementTerms,
    'purpose' | 'expiryDate' | 'autoRenew' | 'noticePeriodDays' | 'funding' | 'ipTerms' | 'technologyAreas'
  >
>;

export interface Obligation {
  kind: ObligationKind;
  description: string;
  dueDate: IsoDate;
  status: ObligationStatus;
}

type Id = { agreementId: string };

export type AgreementEvent =
  /** `draftedOn`: the day the draft was made in the world, when the user gave it (older events lack it). */
  | DomainEvent<'AgreementDrafted', Id & { type: AgreementType; draftedOn?: IsoDate } & AgreementTerms>
  | DomainEvent<'AgreementTermsRevised', Id & { changes: Partial<AgreementTerms> }>
  | DomainEvent<'AgreementNegotiationStarted', Id & { startedOn?: IsoDate }>
  | DomainEvent<'AgreementSubmittedForReview', Id & { submittedOn?: IsoDate }>
  | DomainEvent<'AgreementApproved', Id & { approvedBy: string; approvedOn?: IsoDate }>
  | DomainEvent<'AgreementSignedByParty', Id & { partyId: string; signedOn: IsoDate }>
  /** Carries the terms as executed: the record of what every party signed. */
  | DomainEvent<
      'AgreementFullyExecuted',
      Id & { executedOn: IsoDate; agreementType: AgreementType; terms: AgreementTerms }
    >
  | DomainEvent<'AgreementActivated', Id & { activatedOn: IsoDate }>
  | DomainEvent<
      'AgreementAmended',
      Id & { amendment: number; summary: string; changes: AmendableTerms; effectiveOn?: IsoDate }
    >
  | DomainEvent<'AgreementRenewalWindowOpened', Id & { daysBeforeExpiry: number; expiryDate: IsoDate }>
  | DomainEvent<
      'AgreementRenewed',
      Id & {
        previousExpiryDate: IsoDate;
        newExpiryDate: IsoDate;
        renewal: number;
        automatic: boolean;
        renewedOn?: IsoDate;
      }
    >
  | DomainEvent<'AgreementExpired', Id & { expiredOn: IsoDate }>
  | DomainEvent<'AgreementTerminated', Id & { reason: string; terminatedOn: IsoDate }>
  | DomainEvent<
      'ObligationAdded',
      Id & { obligationId: string; kind: ObligationKind; description: string; dueDate: IsoDate }
    >
  | DomainEvent<'ObligationMet', Id & { obligationId: string; metOn: IsoDate }>
  | DomainEvent<'ObligationWaived', Id & { obligationId: string; reason: string; waivedOn?: IsoDate }>
  | DomainEvent<'ObligationOverdue', Id & { obligationId: string; dueDate: IsoDate }>;

export type AgreementState =
  | { exists: false }
  | {
      exists: true;
      agreementId: string;
      type: AgreementType;
      terms: AgreementTerms;
      status: AgreementStatus;
      signatures: Record<string, IsoDate>;
      /**
       * Business dates the later acts may not precede (null where unknown: a draft logged without
       * its date, an approval stored before approvals carried one).
       */
      draftedOn: IsoDate | null;
      approvedOn: IsoDate | null;
      executedOn: IsoDate | null;
      amendments: number;
      renewals: number;
      /** The length of one term, fixed by the terms as drafted or revised: what an auto-renewal adds. */
      term: Term | null;
      /** Renewal windows already opened for the current expiry date. */
      windowsOpened: number[];
      obligations: Record<string, Obligation>;
    };

export const initialAgreementState = (): AgreementState => ({ exists: false });

export function evolveAgreement(state: AgreementState, event: AgreementEvent): AgreementState {
  if (event.type === 'AgreementDrafted') {
    const { agreementId, type, draftedOn: _draftedOn, ...terms } = event.data;
    return {
      exists: true,
      agreementId,
      type,
      terms,
      status: 'draft',
      signatures: {},
      draftedOn: event.data.draftedOn ?? null,
      approvedOn: null,
      executedOn: null,
      amendments: 0,
      renewals: 0,
      term: terms.expiryDate === null ? null : termOf(terms.effectiveDate, terms.expiryDate),
      windowsOpened: [],
      obligations: {},
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'AgreementTermsRevised': {
      const terms = { ...state.terms, ...event.data.changes };
      return {
        ...state,
        terms,
        term: terms.expiryDate === null ? null : termOf(terms.effectiveDate, terms.expiryDate),
      };
    }
    case 'AgreementNegotiationStarted':
      return { ...state, status: 'in_negotiation' };
    case 'AgreementSubmittedForReview':
      return { ...state, status: 'in_review' };
    case 'AgreementApproved':
      return { ...state, status: 'approved', approvedOn: event.data.approvedOn ?? null };
    case 'AgreementSignedByParty':
      return { ...state, signatures: { ...state.signatures, [event.data.partyId]: event.data.signedOn } };
    case 'AgreementFullyExecuted':
      return { ...state, status: 'signed', executedOn: event.data.executedOn };
    case 'AgreementActivated':
      return { ...state, status: 'active' };
    case 'AgreementAmended': {
      const expiryChanged =
        event.data.changes.expiryDate !== undefined && event.data.changes.expiryDate !== state.terms.expiryDate;
      return {
        ...state,
        amendments: event.data.amendment,
        terms: { ...state.terms, ...event.data.changes },
        windowsOpened: expiryChanged ? [] : state.windowsOpened,
      };
    }
    case 'AgreementRenewalWindowOpened':
      return {
        ...state,
        // The wider windows already passed count as opened too: they are never opened late.
        windowsOpened: RENEWAL_WINDOWS.filter((days) => days >= event.data.daysBeforeExpiry),
      };
    case 'AgreementRenewed':
      return {
        ...state,
        renewals: event.data.renewal,
        terms: { ...state.terms, expiryDate: event.data.newExpiryDate },
        windowsOpened: [],
      };
    case 'AgreementExpired':
      return { ...state, status: 'expired' };
    case 'AgreementTerminated':
      return { ...state, status: 'terminated' };
    case 'ObligationAdded': {
      const { obligationId, kind, description, dueDate } = event.data;
      return {
        ...state,
        obligations: { ...state.obligations, [obligationId]: { kind, description, dueDate, status: 'open' } },
      };
    }
    case 'ObligationMet':
    case 'ObligationWaived':
    case 'ObligationOverdue': {
      const status = ({ ObligationMet: 'met', ObligationWaived: 'waived', ObligationOverdue: 'overdue' } as const)[
        event.type
      ];
      const { obligationId } = event.data;
      return {
        ...state,
        obligations: { ...state.obligations, [obligationId]: { ...state.obligations[obligationId], status } },
      };
    }
  }
}

export const agreementStream = (agreementId: string): string => `agreement-${agreementId}`;

/** Days from `from` to `to` (both calendar dates). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * The length of a term that runs from `effective` through `expiry` (its last valid day): in whole
 * months when it is whole months (a 2-year alliance renews to the same day of the month, leap years
 * or not), in days otherwise.
 */
export type Term = { months: number } | { days: number };

export function termOf(effective: IsoDate, expiry: IsoDate): Term {
  const end = addDays(expiry, 1);
  const [y1, m1] = effective.split('-').map(Number);
  const [y2, m2] = end.split('-').map(Number);
  const months = (y2 - y1) * 12 + (m2 - m1);
  if (months > 0 && addMonths(effective, months) === end) return { months };
  return { days: daysBetween(effective, end) };
}

/** The last valid day of the next term after one that ended on `expiry`. */
export function extendBy(expiry: IsoDate, term: Term): IsoDate {
  const start = addDays(expiry, 1);
  const end = 'months' in term ? addMonths(start, term.months) : addDays(start, term.days);
  return addDays(end, -1);
}

/** Equal as data: object key order does not matter (jsonb does not keep it). */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
