import { NotFoundError, checkBusinessDate } from '@accord/event-store';
import { ENDED, existing, notEnded, rule, type AgreementEvent, type AgreementState, type Existing } from '../agreement';
import type { ObligationKind } from '../agreement-terms';
import type { IsoDate } from '../calendar';

export type AddObligation = {
  type: 'AddObligation';
  obligationId: string;
  kind: ObligationKind;
  description: string;
  dueDate: IsoDate;
};
export type MeetObligation = { type: 'MeetObligation'; obligationId: string; metOn: IsoDate; today: IsoDate };
export type WaiveObligation = {
  type: 'WaiveObligation';
  obligationId: string;
  reason: string;
  waivedOn: IsoDate;
  today: IsoDate;
};
/** The scheduler's: an open obligation goes overdue the day after it was due. */
export type MarkObligationOverdue = { type: 'MarkObligationOverdue'; obligationId: string; today: IsoDate };

function obligation(agreement: Existing, obligationId: string) {
  const found = agreement.obligations[obligationId];
  if (!found) throw new NotFoundError('obligation_not_found', 'no such obligation on this agreement');
  return found;
}

export function decideAddObligation(command: AddObligation, state: AgreementState): AgreementEvent[] {
  const agreement = notEnded(state);
  if (agreement.obligations[command.obligationId]) throw rule('obligation_exists', 'an obligation with this id exists');
  const { obligationId, kind, description, dueDate } = command;
  return [
    {
      type: 'ObligationAdded',
      data: { agreementId: agreement.agreementId, obligationId, kind, description, dueDate },
    },
  ];
}

export function decideMeetObligation(command: MeetObligation, state: AgreementState): AgreementEvent[] {
  const agreement = existing(state);
  const { status } = obligation(agreement, command.obligationId);
  if (status === 'met') return [];
  if (status === 'waived') throw rule('obligation_closed', 'the obligation was waived');
  const { obligationId, metOn, today } = command;
  checkBusinessDate('metOn', metOn, today);
  return [{ type: 'ObligationMet', data: { agreementId: agreement.agreementId, obligationId, metOn } }];
}

export function decideWaiveObligation(command: WaiveObligation, state: AgreementState): AgreementEvent[] {
  const agreement = existing(state);
  const { status } = obligation(agreement, command.obligationId);
  if (status === 'waived') return [];
  if (status === 'met') throw rule('obligation_closed', 'the obligation was met');
  const { obligationId, reason, waivedOn, today } = command;
  checkBusinessDate('waivedOn', waivedOn, today);
  return [{ type: 'ObligationWaived', data: { agreementId: agreement.agreementId, obligationId, reason, waivedOn } }];
}

export function decideMarkObligationOverdue(command: MarkObligationOverdue, state: AgreementState): AgreementEvent[] {
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
