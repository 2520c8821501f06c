import { checkBusinessDate } from '@accord/event-store';
import { existing, notEnded, rule, type AgreementEvent, type AgreementState } from '../agreement';
import { RENEWAL_WINDOWS, daysBetween, type IsoDate } from '../calendar';

export type Renew = { type: 'Renew'; newExpiryDate: IsoDate; renewedOn: IsoDate; today: IsoDate };
/** The scheduler's: renewal windows open 90, 60 and 30 days before expiry. */
export type OpenRenewalWindow = { type: 'OpenRenewalWindow'; today: IsoDate };

export function decideRenew(command: Renew, state: AgreementState): AgreementEvent[] {
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

export function decideOpenRenewalWindow(command: OpenRenewalWindow, state: AgreementState): AgreementEvent[] {
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
