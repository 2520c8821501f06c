import { agreementStream, evolveAgreement, initialAgreementState } from './agreement';
import type { AgreementEvent, AgreementState } from './agreement';
import { decideAmend, type Amend } from './amend-agreement/amend-agreement.decide';
import { decideDraft, type DraftAgreement } from './draft-agreement/draft-agreement.decide';
import {
  decideAddObligation,
  decideMarkObligationOverdue,
  decideMeetObligation,
  decideWaiveObligation,
  type AddObligation,
  type MarkObligationOverdue,
  type MeetObligation,
  type WaiveObligation,
} from './obligations/obligations.decide';
import {
  decideOpenRenewalWindow,
  decideRenew,
  type OpenRenewalWindow,
  type Renew,
} from './renew-agreement/renew-agreement.decide';
import { decideApprove, decideStartNegotiation, decideSubmitForReview } from './review/review.decide';
import type { Approve, StartNegotiation, SubmitForReview } from './review/review.decide';
import { decideReviseTerms, type ReviseTerms } from './revise-terms/revise-terms.decide';
import { decideActivate, decideExpire, decideSign } from './sign-agreement/sign-agreement.decide';
import type { Activate, Expire, Sign } from './sign-agreement/sign-agreement.decide';
import { decideTerminate, type Terminate } from './terminate-agreement/terminate-agreement.decide';

export type { ParentCheck, PartyCheck } from './agreement-terms';

/**
 * Every command of the agreement, each decided by its use case's slice. Acts that happened in the
 * world carry their business date (`...On`), checked against `today`: the clock's date, passed in so
 * the decider stays pure.
 */
export type AgreementCommand =
  | DraftAgreement
  | ReviseTerms
  | StartNegotiation
  | SubmitForReview
  | Approve
  | Sign
  | Activate
  | Amend
  | OpenRenewalWindow
  | Renew
  | Expire
  | Terminate
  | AddObligation
  | MeetObligation
  | WaiveObligation
  | MarkObligationOverdue;

export function decideAgreement(command: AgreementCommand, state: AgreementState): AgreementEvent[] {
  switch (command.type) {
    case 'DraftAgreement':
      return decideDraft(command, state);
    case 'ReviseTerms':
      return decideReviseTerms(command, state);
    case 'StartNegotiation':
      return decideStartNegotiation(command, state);
    case 'SubmitForReview':
      return decideSubmitForReview(command, state);
    case 'Approve':
      return decideApprove(command, state);
    case 'Sign':
      return decideSign(command, state);
    case 'Activate':
      return decideActivate(command, state);
    case 'Amend':
      return decideAmend(command, state);
    case 'OpenRenewalWindow':
      return decideOpenRenewalWindow(command, state);
    case 'Renew':
      return decideRenew(command, state);
    case 'Expire':
      return decideExpire(command, state);
    case 'Terminate':
      return decideTerminate(command, state);
    case 'AddObligation':
      return decideAddObligation(command, state);
    case 'MeetObligation':
      return decideMeetObligation(command, state);
    case 'WaiveObligation':
      return decideWaiveObligation(command, state);
    case 'MarkObligationOverdue':
      return decideMarkObligationOverdue(command, state);
  }
}

/** The aggregate's decider, with its stream: what `Writer` reads, decides with and appends to. */
export const agreementDecider = {
  initialState: initialAgreementState,
  evolve: evolveAgreement,
  decide: decideAgreement,
  stream: agreementStream,
  // A draft's id was chosen by the server for it: no read before it.
  create: 'DraftAgreement' as const,
};
