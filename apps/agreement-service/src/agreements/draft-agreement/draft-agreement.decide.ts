import { checkBusinessDate, decideInTurn } from '@accord/event-store';
import { COMPANY, evolveAgreement, rule, type AgreementEvent, type AgreementState } from '../agreement';
import {
  checkTerms,
  type AgreementTerms,
  type AgreementType,
  type ParentCheck,
  type PartyCheck,
} from '../agreement-terms';
import type { IsoDate } from '../calendar';
import { decideApprove, decideSubmitForReview, type Approve, type SubmitForReview } from '../review/review.decide';
import { decideSign, type Sign } from '../sign-agreement/sign-agreement.decide';

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

export type DraftAgreement = {
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
};

/** The steps an executed agreement took after its draft, decided in turn as they would have been one by one. */
const executionSteps = {
  evolve: evolveAgreement,
  decide(command: SubmitForReview | Approve | Sign, state: AgreementState): AgreementEvent[] {
    if (command.type === 'SubmitForReview') return decideSubmitForReview(command, state);
    if (command.type === 'Approve') return decideApprove(command, state);
    return decideSign(command, state);
  },
};

export function decideDraft(command: DraftAgreement, state: AgreementState): AgreementEvent[] {
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
    ...decideInTurn<AgreementState, SubmitForReview | Approve | Sign, AgreementEvent>(
      executionSteps,
      [
        { type: 'SubmitForReview' },
        { type: 'Approve', approvedBy: execution.approvedBy, approvedOn: execution.approvedOn, today },
        ...bySignedOn.map(({ partyId, signedOn }) => ({ type: 'Sign' as const, partyId, signedOn, today })),
      ],
      evolveAgreement(state, drafted),
    ),
  ];
}
