import { checkBusinessDate } from '@accord/event-store';
import { notEnded, rule, type AgreementEvent, type AgreementState, type Existing } from '../agreement';
import type { IsoDate } from '../calendar';

/**
 * A step whose day may be unknown (a submission logged with an executed agreement, or in a test of
 * something else): its date and today's, both or neither.
 */
type Dated<K extends string> = ({ [F in K]: IsoDate } & { today: IsoDate }) | { [F in K]?: never };

export type StartNegotiation = { type: 'StartNegotiation' } & Dated<'startedOn'>;
export type SubmitForReview = { type: 'SubmitForReview' } & Dated<'submittedOn'>;
export type Approve = { type: 'Approve'; approvedBy: string; approvedOn: IsoDate; today: IsoDate };

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

export function decideStartNegotiation(command: StartNegotiation, state: AgreementState): AgreementEvent[] {
  const agreement = notEnded(state);
  if (agreement.status === 'in_negotiation') return [];
  if (agreement.status !== 'draft')
    throw rule('not_a_draft', `only a draft goes into negotiation, not one ${agreement.status}`);
  const dated = command.startedOn === undefined ? {} : { startedOn: notBeforeDraft(agreement, 'startedOn', command) };
  return [{ type: 'AgreementNegotiationStarted', data: { agreementId: agreement.agreementId, ...dated } }];
}

export function decideSubmitForReview(command: SubmitForReview, state: AgreementState): AgreementEvent[] {
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

export function decideApprove(command: Approve, state: AgreementState): AgreementEvent[] {
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
