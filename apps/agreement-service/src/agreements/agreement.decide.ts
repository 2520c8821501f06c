import { BusinessRuleError, NotFoundError, checkBusinessDate, decideInTurn, type Decider } from '@accord/event-store';
import {
  COMPANY,
  RENEWAL_WINDOWS,
  addDays,
  daysBetween,
  extendBy,
  sameValue,
  evolveAgreement,
  initialAgreementState,
  type AgreementEvent,
  type AgreementState,
  type AgreementTerms,
  type AgreementType,
  type AmendableTerms,
  type IsoDate,
  type ObligationKind,
} from './agreement';

/**
 * What the service knows of each party from the partner service's events (its local copy), looked
 * up by the handler before deciding: the decider itself does no I/O.
 */
export type PartyCheck = Record<string, 'registered' | 'archived' | 'unknown'>;
export type ParentCheck = 'valid' | 'ended' | 'unknown';

/** A signature as logged after the fact: who signed, and on which day. */
export interface LoggedSignature {
  partyId: string;
  signedOn: IsoDate;
}

/** An agreement that was approved and signed before it was entered: everything the paper says. */
export interface Execution {
  approvedBy: string;
  approvedOn: IsoDate;
  signatures: LoggedSignature[];
}

/**
 * A step whose day may be unknown (a submission logged with an executed agreement, or in a test of
 * something else): its date and today's, both or neither.
 */
type Dated<K extends string> = ({ [F in K]: IsoDate } & { today: IsoDate }) | { [F in K]?: never };

/**
 * Acts that happened in the world carry their business date (`...On`), checked against `today`:
 * the clock's date, passed in so the decider stays pure.
 */
export type AgreementCommand =
  | {
      type: 'DraftAgreement';
      agreementId: string;
      agreementType: AgreementType;
      terms: AgreementTerms;
      parties: PartyCheck;
      parent: ParentCheck | null;
      draftedOn: IsoDate | null;
      /** Present when the agreement is logged as already executed: the whole path in one command. */
      execution: Execution | null;
      today: IsoDate;
    }
  | { type: 'ReviseTerms'; changes: Partial<AgreementTerms>; parties: PartyCheck; parent: ParentCheck | null }
  | ({ type: 'StartNegotiation' } & Dated<'startedOn'>)
  | ({ type: 'SubmitForReview' } & Dated<'submittedOn'>)
  | { type: 'Approve'; approvedBy: string; approvedOn: IsoDate; today: IsoDate }
  | { type: 'Sign'; partyId: string; signedOn: IsoDate; today: IsoDate }
  | { type: 'Activate'; today: IsoDate }
  | { type: 'Amend'; summary: string; changes: AmendableTerms; effectiveOn: IsoDate; today: IsoDate }
  | { type: 'OpenRenewalWindow'; today: IsoDate }
  | { type: 'Renew'; newExpiryDate: IsoDate; renewedOn: IsoDate; today: IsoDate }
  | { type: 'Expire'; today: IsoDate }
  | { type: 'Terminate'; reason: string; terminatedOn: IsoDate; today: IsoDate }
  | { type: 'AddObligation'; obligationId: string; kind: ObligationKind; description: string; dueDate: IsoDate }
  | { type: 'MeetObligation'; obligationId: string; metOn: IsoDate; today: IsoDate }
  | { type: 'WaiveObligation'; obligationId: string; reason: string; waivedOn: IsoDate; today: IsoDate }
  | { type: 'MarkObligationOverdue'; obligationId: string; today: IsoDate };

type Existing = Extract<AgreementState, { exists: true }>;
const ENDED = ['expired', 'terminated', 'superseded'];
const rule = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new BusinessRuleError(code, message, details);

function existing(state: AgreementState): Existing {
  if (!state.exists) throw new NotFoundError('agreement_not_found', 'no such agreement');
  return state;
}

function notEnded(state: AgreementState): Existing {
  const agreement = existing(state);
  if (ENDED.includes(agreement.status)) {
    throw rule('agreement_ended', `the agreement is ${agreement.status}; nothing more can change`);
  }
  return agreement;
}

/** The rules every set of terms obeys, at drafting and at each revision. */
function checkTerms(terms: AgreementTerms, parties: PartyCheck, parent: ParentCheck | null): void {
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

function obligation(agreement: Existing, obligationId: string) {
  const found = agreement.obligations[obligationId];
  if (!found) throw new NotFoundError('obligation_not_found', 'no such obligation on this agreement');
  return found;
}

/** A step's date, given with today's: not in the future, nor before the draft. */
function notBeforeDraft<K extends 'startedOn' | 'submittedOn'>(
  agreement: Existing,
  field: K,
  command: { [F in K]: IsoDate } & { today: IsoDate },
): IsoDate {
  return checkBusinessDate(field, command[field], command.today, [
    { date: agreement.draftedOn, code: 'before_drafted', what: 'the draft' },
  ]);
}

export function decideAgreement(command: AgreementCommand, state: AgreementState): AgreementEvent[] {
  switch (command.type) {
    case 'DraftAgreement': {
      if (state.exists) throw rule('agreement_exists', 'an agreement with this id exists');
      const { agreementId, agreementType, terms, draftedOn, execution, today } = command;
      checkTerms(terms, command.parties, command.parent);
      if (draftedOn !== null) checkBusinessDate('draftedOn', draftedOn, today);
      const drafted: AgreementEvent = {
        type: 'AgreementDrafted',
        data: { agreementId, type: agreementType, ...(draftedOn !== null ? { draftedOn } : {}), ...terms },
      };
      if (execution === null) return [drafted];
      // Logged as executed: the events the step-by-step path stores, each with its own date.
      const signers = [COMPANY, ...terms.partyIds];
      const missing = signers.filter((party) => !execution.signatures.some((s) => s.partyId === party));
      if (missing.length > 0) {
        throw rule('signatures_missing', `an executed agreement needs every party's signature: ${missing.join(', ')}`, {
          partyIds: missing,
        });
      }
      const bySignedOn = [...execution.signatures].sort((a, b) => a.signedOn.localeCompare(b.signedOn));
      return [
        drafted,
        ...decideInTurn(
          { decide: decideAgreement, evolve: evolveAgreement },
          [
            { type: 'SubmitForReview' },
            { type: 'Approve', approvedBy: execution.approvedBy, approvedOn: execution.approvedOn, today },
            ...bySignedOn.map(({ partyId, signedOn }) => ({ type: 'Sign' as const, partyId, signedOn, today })),
          ],
          evolveAgreement(state, drafted),
        ),
      ];
    }
    case 'ReviseTerms': {
      const agreement = notEnded(state);
      if (agreement.status !== 'draft' && agreement.status !== 'in_negotiation') {
        throw rule(
          'terms_locked',
          `terms are locked once ${agreement.status.replace('_', ' ')}; amend a signed agreement instead`,
        );
      }
      const changes = Object.fromEntries(
        Object.entries(command.changes).filter(
          ([field, value]) => !sameValue(value, agreement.terms[field as keyof AgreementTerms]),
        ),
      ) as Partial<AgreementTerms>;
      if (Object.keys(changes).length === 0) return [];
      if (changes.parentAgreementId === agreement.agreementId) {
        throw rule('parent_self', 'an agreement cannot be its own parent');
      }
      checkTerms({ ...agreement.terms, ...changes }, command.parties, command.parent);
      return [{ type: 'AgreementTermsRevised', data: { agreementId: agreement.agreementId, changes } }];
    }
    case 'StartNegotiation': {
      const agreement = notEnded(state);
      if (agreement.status === 'in_negotiation') return [];
      if (agreement.status !== 'draft')
        throw rule('not_a_draft', `only a draft goes into negotiation, not one ${agreement.status}`);
      const dated =
        command.startedOn === undefined ? {} : { startedOn: notBeforeDraft(agreement, 'startedOn', command) };
      return [{ type: 'AgreementNegotiationStarted', data: { agreementId: agreement.agreementId, ...dated } }];
    }
    case 'SubmitForReview': {
      const agreement = notEnded(state);
      if (agreement.status === 'in_review') return [];
      if (agreement.status !== 'draft' && agreement.status !== 'in_negotiation') {
        throw rule(
          'not_reviewable',
          `only a draft or an agreement in negotiation goes to review, not one ${agreement.status}`,
        );
      }
      const dated =
        command.submittedOn === undefined ? {} : { submittedOn: notBeforeDraft(agreement, 'submittedOn', command) };
      return [{ type: 'AgreementSubmittedForReview', data: { agreementId: agreement.agreementId, ...dated } }];
    }
    case 'Approve': {
      const agreement = notEnded(state);
      if (agreement.status === 'approved') return [];
      if (agreement.status !== 'in_review') {
        throw rule('not_in_review', `legal and IP review comes before approval; the agreement is ${agreement.status}`);
      }
      const { approvedBy, approvedOn, today } = command;
      checkBusinessDate('approvedOn', approvedOn, today, [
        { date: agreement.draftedOn, code: 'before_drafted', what: 'the draft' },
      ]);
      return [{ type: 'AgreementApproved', data: { agreementId: agreement.agreementId, approvedBy, approvedOn } }];
    }
    case 'Sign': {
      const agreement = notEnded(state);
      const { partyId, signedOn, today } = command;
      const signers = [COMPANY, ...agreement.terms.partyIds];
      if (!signers.includes(partyId)) {
        throw rule('not_a_party', `${partyId} is not a party to this agreement`, { partyId });
      }
      if (agreement.signatures[partyId]) return [];
      if (agreement.status !== 'approved') {
        throw rule(
          'not_approved',
          `an agreement is signed once approved; this one is ${agreement.status.replace('_', ' ')}`,
        );
      }
      checkBusinessDate('signedOn', signedOn, today, [
        { date: agreement.draftedOn, code: 'before_drafted', what: 'the draft' },
        { date: agreement.approvedOn, code: 'before_approved', what: 'the approval' },
      ]);
      const { agreementId, terms } = agreement;
      // Refused rather than recorded as expired: a signature after the last valid day is almost
      // always a typing error in one of the two dates, and the user is there to correct it.
      if (terms.expiryDate !== null && signedOn > terms.expiryDate) {
        throw rule(
          'signed_after_expiry',
          `signed on ${signedOn}, after the agreement's expiry date (${terms.expiryDate}): it never came into force`,
          { field: 'signedOn', expiryDate: terms.expiryDate },
        );
      }
      const signed: AgreementEvent = { type: 'AgreementSignedByParty', data: { agreementId, partyId, signedOn } };
      const signatures = { ...agreement.signatures, [partyId]: signedOn };
      if (!signers.every((signer) => signatures[signer])) return [signed];
      // Executed the day its last party signed, in the world, however late it is logged.
      const executedOn = signers.map((signer) => signatures[signer]).reduce((a, b) => (a > b ? a : b));
      const executed: AgreementEvent = {
        type: 'AgreementFullyExecuted',
        data: { agreementId, executedOn, agreementType: agreement.type, terms },
      };
      const events: AgreementEvent[] = [signed, executed];
      // Status follows the dates: in force from its effective date (or its execution, if later),
      // at once when that has come, and ended at once if its expiry has passed too.
      if (terms.effectiveDate <= today) {
        const activatedOn = terms.effectiveDate > executedOn ? terms.effectiveDate : executedOn;
        events.push({ type: 'AgreementActivated', data: { agreementId, activatedOn } });
      }
      const after = events.reduce(evolveAgreement, state);
      return [...events, ...decideAgreement({ type: 'Expire', today }, after)];
    }
    case 'Activate': {
      const agreement = existing(state);
      const { effectiveDate } = agreement.terms;
      if (agreement.status !== 'signed' || effectiveDate > command.today) return [];
      // In force since its effective date, even when the scheduler comes to it later.
      return [{ type: 'AgreementActivated', data: { agreementId: agreement.agreementId, activatedOn: effectiveDate } }];
    }
    case 'Amend': {
      const agreement = notEnded(state);
      if (agreement.status !== 'signed' && agreement.status !== 'active') {
        throw rule('not_signed', 'only a signed agreement is amended; revise the terms of this one instead');
      }
      const changes = Object.fromEntries(
        Object.entries(command.changes).filter(
          ([field, value]) => !sameValue(value, agreement.terms[field as keyof AgreementTerms]),
        ),
      ) as AmendableTerms;
      if (Object.keys(changes).length === 0) throw rule('nothing_to_amend', 'the amendment changes nothing');
      checkBusinessDate('effectiveOn', command.effectiveOn, command.today, [
        { date: agreement.executedOn, code: 'before_executed', what: 'the execution' },
      ]);
      checkTerms(
        { ...agreement.terms, ...changes },
        Object.fromEntries(agreement.terms.partyIds.map((id) => [id, 'registered'])),
        null,
      );
      return [
        {
          type: 'AgreementAmended',
          data: {
            agreementId: agreement.agreementId,
            amendment: agreement.amendments + 1,
            summary: command.summary,
            changes,
            effectiveOn: command.effectiveOn,
          },
        },
      ];
    }
    case 'OpenRenewalWindow': {
      const agreement = existing(state);
      const { expiryDate } = agreement.terms;
      if ((agreement.status !== 'active' && agreement.status !== 'signed') || expiryDate === null) return [];
      const daysLeft = daysBetween(command.today, expiryDate);
      if (daysLeft < 0) return [];
      const crossed = RENEWAL_WINDOWS.filter((days) => daysLeft <= days && !agreement.windowsOpened.includes(days));
      if (crossed.length === 0) return [];
      // Only the narrowest window crossed: one opened late (a new agreement, a stopped scheduler)
      // does not announce the wider ones that have already passed.
      return [
        {
          type: 'AgreementRenewalWindowOpened',
          data: { agreementId: agreement.agreementId, daysBeforeExpiry: Math.min(...crossed), expiryDate },
        },
      ];
    }
    case 'Renew': {
      const agreement = notEnded(state);
      const { expiryDate } = agreement.terms;
      if (agreement.status !== 'active' && agreement.status !== 'signed') {
        throw rule('not_signed', 'only a signed or active agreement is renewed');
      }
      if (expiryDate === null) throw rule('no_expiry', 'the agreement has no expiry date to renew');
      if (command.newExpiryDate <= expiryDate) {
        throw rule('renewal_not_later', `the new expiry must come after ${expiryDate}`);
      }
      checkBusinessDate('renewedOn', command.renewedOn, command.today, [
        { date: agreement.executedOn, code: 'before_executed', what: 'the execution' },
      ]);
      return [
        {
          type: 'AgreementRenewed',
          data: {
            agreementId: agreement.agreementId,
            previousExpiryDate: expiryDate,
            newExpiryDate: command.newExpiryDate,
            renewal: agreement.renewals + 1,
            automatic: false,
            renewedOn: command.renewedOn,
          },
        },
      ];
    }
    case 'Expire': {
      const agreement = existing(state);
      const { expiryDate, autoRenew } = agreement.terms;
      if ((agreement.status !== 'active' && agreement.status !== 'signed') || expiryDate === null) return [];
      if (expiryDate >= command.today) return [];
      const { agreementId, term } = agreement;
      if (autoRenew && term) {
        // One more term of the length first agreed (as many as it takes to reach today, if the
        // scheduler was stopped for a long time).
        let newExpiryDate = expiryDate;
        while (newExpiryDate < command.today) newExpiryDate = extendBy(newExpiryDate, term);
        return [
          {
            type: 'AgreementRenewed',
            data: {
              agreementId,
              previousExpiryDate: expiryDate,
              newExpiryDate,
              renewal: agreement.renewals + 1,
              automatic: true,
            },
          },
        ];
      }
      // Valid through its expiry date: it ended the day after.
      return [{ type: 'AgreementExpired', data: { agreementId, expiredOn: addDays(expiryDate, 1) } }];
    }
    case 'Terminate': {
      const agreement = notEnded(state);
      const { reason, terminatedOn, today } = command;
      checkBusinessDate('effectiveOn', terminatedOn, today, [
        { date: agreement.executedOn ?? agreement.draftedOn, code: 'before_executed', what: 'the execution' },
      ]);
      return [{ type: 'AgreementTerminated', data: { agreementId: agreement.agreementId, reason, terminatedOn } }];
    }
    case 'AddObligation': {
      const agreement = notEnded(state);
      if (agreement.obligations[command.obligationId])
        throw rule('obligation_exists', 'an obligation with this id exists');
      const { obligationId, kind, description, dueDate } = command;
      return [
        {
          type: 'ObligationAdded',
          data: { agreementId: agreement.agreementId, obligationId, kind, description, dueDate },
        },
      ];
    }
    case 'MeetObligation': {
      const agreement = existing(state);
      const { status } = obligation(agreement, command.obligationId);
      if (status === 'met') return [];
      if (status === 'waived') throw rule('obligation_closed', 'the obligation was waived');
      const { obligationId, metOn, today } = command;
      checkBusinessDate('metOn', metOn, today);
      return [{ type: 'ObligationMet', data: { agreementId: agreement.agreementId, obligationId, metOn } }];
    }
    case 'WaiveObligation': {
      const agreement = existing(state);
      const { status } = obligation(agreement, command.obligationId);
      if (status === 'waived') return [];
      if (status === 'met') throw rule('obligation_closed', 'the obligation was met');
      const { obligationId, reason, waivedOn, today } = command;
      checkBusinessDate('waivedOn', waivedOn, today);
      return [
        { type: 'ObligationWaived', data: { agreementId: agreement.agreementId, obligationId, reason, waivedOn } },
      ];
    }
    case 'MarkObligationOverdue': {
      const agreement = existing(state);
      const { status, dueDate } = obligation(agreement, command.obligationId);
      if (status !== 'open' || dueDate >= command.today || ENDED.includes(agreement.status)) return [];
      return [
        {
          type: 'ObligationOverdue',
          data: { agreementId: agreement.agreementId, obligationId: command.obligationId, dueDate },
        },
      ];
    }
  }
}

export const agreementDecider: Decider<AgreementState, AgreementCommand, AgreementEvent> = {
  initialState: initialAgreementState,
  evolve: evolveAgreement,
  decide: decideAgreement,
};
