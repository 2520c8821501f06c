import { BusinessRuleError, NotFoundError, type DomainEvent } from '@accord/event-store';
import type { AgreementTerms, AgreementType, AmendableTerms, Obligation, ObligationKind } from './agreement-terms';
import { RENEWAL_WINDOWS, termFor, type IsoDate, type Term } from './calendar';

export { AGREEMENT_TYPES, FOREGROUND_OWNERSHIP, FUNDING_DIRECTIONS, OBLIGATION_KINDS } from './agreement-terms';
export type { AgreementTerms } from './agreement-terms';

/** The Agreement aggregate: events, state and evolve. Pure: no framework, no I/O. */
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

/** Our own side signs as this party id. */
export const COMPANY = 'company';

export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

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
      term: termFor(terms),
      windowsOpened: [],
      obligations: {},
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'AgreementTermsRevised': {
      const terms = { ...state.terms, ...event.data.changes };
      return { ...state, terms, term: termFor(terms) };
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

export type Existing = Extract<AgreementState, { exists: true }>;
export const ENDED: readonly AgreementStatus[] = ['expired', 'terminated', 'superseded'];

/** A refusal: the business rule broken, under its stable code. */
export const rule = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new BusinessRuleError(code, message, details);

export function existing(state: AgreementState): Existing {
  if (!state.exists) throw new NotFoundError('agreement_not_found', 'no such agreement');
  return state;
}

export function notEnded(state: AgreementState): Existing {
  const agreement = existing(state);
  if (ENDED.includes(agreement.status))
    throw rule('agreement_ended', `the agreement is ${agreement.status}; nothing more can change`);
  return agreement;
}
