import { BusinessRuleError } from '@accord/event-store';
import type { IsoDate } from './calendar';

/**
 * What the parties agree to: the agreement's type, its terms and its obligations, and the rules every
 * set of terms obeys. Pure: no framework, no I/O.
 */
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
export const FUNDING_DIRECTIONS = ['inbound', 'outbound', 'in_kind'] as const;
export const FOREGROUND_OWNERSHIP = ['company', 'partner', 'joint'] as const;
export const OBLIGATION_KINDS = ['report', 'milestone_evidence', 'payment', 'publication_review', 'other'] as const;
export const OBLIGATION_STATUSES = ['open', 'met', 'waived', 'overdue'] as const;

export type AgreementType = (typeof AGREEMENT_TYPES)[number];
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

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

/** A refusal, as `rule` in agreement.ts makes one (that file imports this one, not the other way). */
const rule = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new BusinessRuleError(code, message, details);

/**
 * What the service knows of each party from the partner service's events (its local copy), looked
 * up by the handler before deciding: the decider itself does no I/O.
 */
export type PartyCheck = Record<string, 'registered' | 'archived' | 'unknown'>;
export type ParentCheck = 'valid' | 'ended' | 'unknown';

/** The rules every set of terms obeys, at drafting and at each revision. */
export function checkTerms(terms: AgreementTerms, parties: PartyCheck, parent: ParentCheck | null): void {
  const unknown = terms.partyIds.filter((id) => parties[id] !== 'registered' && parties[id] !== 'archived');
  if (unknown.length > 0) {
    throw rule('party_unknown', `not registered partners: ${unknown.join(', ')}`, { partyIds: unknown });
  }
  const archived = terms.partyIds.filter((id) => parties[id] === 'archived');
  if (archived.length > 0) {
    throw rule('party_archived', `archived partners cannot be parties: ${archived.join(', ')}`, { partyIds: archived });
  }
  if (terms.expiryDate !== null && terms.expiryDate <= terms.effectiveDate) {
    throw rule(
      'expiry_before_effective',
      `expiry (${terms.expiryDate}) must come after the effective date (${terms.effectiveDate})`,
    );
  }
  if (parent === 'unknown')
    throw rule('parent_unknown', `no agreement ${terms.parentAgreementId ?? ''} to be the parent`);
  if (parent === 'ended') throw rule('parent_ended', 'the parent agreement has ended');
}

/** Only the fields whose value differs from the current terms: what a revision or an amendment changes. */
export function changedTerms<T extends Partial<AgreementTerms>>(changes: T, terms: AgreementTerms): T {
  return Object.fromEntries(
    Object.entries(changes).filter(([field, value]) => !sameValue(value, terms[field as keyof AgreementTerms])),
  ) as T;
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
