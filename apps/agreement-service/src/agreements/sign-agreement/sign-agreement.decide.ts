import { checkBusinessDate } from '@accord/event-store';
import {
  COMPANY,
  evolveAgreement,
  existing,
  notEnded,
  rule,
  type AgreementEvent,
  type AgreementState,
} from '../agreement';
import { addDays, extendBy, type IsoDate } from '../calendar';

export type Sign = { type: 'Sign'; partyId: string; signedOn: IsoDate; today: IsoDate };
export type Activate = { type: 'Activate'; today: IsoDate };
export type Expire = { type: 'Expire'; today: IsoDate };

/** Alliance managers record a partner's signature as it comes in; our own is legal's to give. */
export function rolesSigningFor(partyId: string): ('alliance_manager' | 'legal')[] {
  return partyId === COMPANY ? ['legal'] : ['alliance_manager', 'legal'];
}

export function decideSign(command: Sign, state: AgreementState): AgreementEvent[] {
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
  return [...events, ...decideExpire({ type: 'Expire', today }, after)];
}

/*
 * The two rules below are the scheduler's (time passes: a signed agreement comes into force, an
 * agreement in force ends); they live beside the signature because a signature logged late applies
 * the second at once.
 */

export function decideActivate(command: Activate, state: AgreementState): AgreementEvent[] {
  const agreement = existing(state);
  const { effectiveDate } = agreement.terms;
  if (agreement.status !== 'signed' || effectiveDate > command.today) return [];
  // In force since its effective date, even when the scheduler comes to it later.
  return [{ type: 'AgreementActivated', data: { agreementId: agreement.agreementId, activatedOn: effectiveDate } }];
}

export function decideExpire(command: Expire, state: AgreementState): AgreementEvent[] {
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
