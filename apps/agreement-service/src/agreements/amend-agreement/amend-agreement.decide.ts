import { checkBusinessDate } from '@accord/event-store';
import { notEnded, rule, type AgreementEvent, type AgreementState } from '../agreement';
import { changedTerms, checkTerms, type AmendableTerms } from '../agreement-terms';
import type { IsoDate } from '../calendar';

export type Amend = { type: 'Amend'; summary: string; changes: AmendableTerms; effectiveOn: IsoDate; today: IsoDate };

export function decideAmend(command: Amend, state: AgreementState): AgreementEvent[] {
  const agreement = notEnded(state);
  if (agreement.status !== 'signed' && agreement.status !== 'active') {
    throw rule('not_signed', 'only a signed agreement is amended; revise the terms of this one instead');
  }
  const changes = changedTerms(command.changes, agreement.terms);
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
