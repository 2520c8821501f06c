import { checkBusinessDate } from '@accord/event-store';
import { notEnded, type AgreementEvent, type AgreementState } from '../agreement';
import type { IsoDate } from '../calendar';

export type Terminate = { type: 'Terminate'; reason: string; terminatedOn: IsoDate; today: IsoDate };

export function decideTerminate(command: Terminate, state: AgreementState): AgreementEvent[] {
  const agreement = notEnded(state);
  const { reason, terminatedOn, today } = command;
  checkBusinessDate('effectiveOn', terminatedOn, today, [
    { date: agreement.executedOn ?? agreement.draftedOn, code: 'before_executed', what: 'the execution' },
  ]);
  return [{ type: 'AgreementTerminated', data: { agreementId: agreement.agreementId, reason, terminatedOn } }];
}
