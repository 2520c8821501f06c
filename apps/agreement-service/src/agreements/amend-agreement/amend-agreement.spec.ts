import { BusinessRuleError, NotFoundError } from '@accord/event-store';
import type { AgreementEvent } from '../agreement';
import {
  A,
  agreement,
  allianceTerms,
  AMENDED_ON,
  expired,
  historyOf,
  terminated,
  TODAY,
  utokyo,
  windowOpened,
} from '../../../test/agreement.given';

describe('amendments', () => {
  const active = historyOf(utokyo, 'active');
  const areas = ['ai', 'brain-morphic-ai', 'quantum-computing'];
  const amended = (amendment: number, summary: string, changes: object): AgreementEvent => ({
    type: 'AgreementAmended',
    data: { agreementId: A, amendment, summary, changes, effectiveOn: AMENDED_ON },
  });

  it('are numbered from 1, and record only what changes', () => {
    agreement()
      .given(active)
      .when({
        type: 'Amend',
        summary: 'Adds quantum computing',
        changes: { technologyAreas: areas, noticePeriodDays: 90, ipTerms: { ...allianceTerms.ipTerms } },
        effectiveOn: AMENDED_ON,
        today: TODAY,
      })
      .then([amended(1, 'Adds quantum computing', { technologyAreas: areas })]);
  });

  it('are numbered on: 2, 3, ...', () => {
    const history = [...active, amended(1, 'Adds quantum computing', { technologyAreas: areas })];
    agreement()
      .given(history)
      .when({
        type: 'Amend',
        summary: 'Longer notice',
        changes: { noticePeriodDays: 180 },
        effectiveOn: AMENDED_ON,
        today: TODAY,
      })
      .then([amended(2, 'Longer notice', { noticePeriodDays: 180 })]);
    agreement()
      .given([...history, amended(2, 'Longer notice', { noticePeriodDays: 180 })])
      .when({
        type: 'Amend',
        summary: 'Automatic renewal',
        changes: { autoRenew: true },
        effectiveOn: AMENDED_ON,
        today: TODAY,
      })
      .then([amended(3, 'Automatic renewal', { autoRenew: true })]);
  });

  it('may be made once signed, before the agreement is active', () => {
    agreement()
      .given(historyOf(utokyo, 'signed'))
      .when({
        type: 'Amend',
        summary: 'Publication review',
        changes: { purpose: null },
        effectiveOn: AMENDED_ON,
        today: TODAY,
      })
      .then([amended(1, 'Publication review', { purpose: null })]);
  });

  it.each(['draft', 'in_negotiation', 'in_review', 'approved'] as const)('are refused before signing: %s', (stage) => {
    agreement()
      .given(historyOf(utokyo, stage))
      .when({
        type: 'Amend',
        summary: 'Longer notice',
        changes: { noticePeriodDays: 180 },
        effectiveOn: AMENDED_ON,
        today: TODAY,
      })
      .thenThrows(BusinessRuleError, 'not_signed');
  });

  it('are refused once the agreement is terminated or expired', () => {
    agreement()
      .given([...active, terminated(A, '2020-01-31')])
      .when({
        type: 'Amend',
        summary: 'Longer notice',
        changes: { noticePeriodDays: 180 },
        effectiveOn: AMENDED_ON,
        today: TODAY,
      })
      .thenThrows(BusinessRuleError, 'agreement_ended');
    agreement()
      .given([...active, expired(A, '2026-07-01')])
      .when({
        type: 'Amend',
        summary: 'Later expiry',
        changes: { expiryDate: '2031-06-30' },
        effectiveOn: AMENDED_ON,
        today: TODAY,
      })
      .thenThrows(BusinessRuleError, 'agreement_ended');
  });

  it('are refused when they change nothing', () => {
    agreement()
      .given(active)
      .when({
        type: 'Amend',
        summary: 'Same again',
        changes: { noticePeriodDays: 90, autoRenew: false },
        effectiveOn: AMENDED_ON,
        today: TODAY,
      })
      .thenThrows(BusinessRuleError, 'nothing_to_amend');
    agreement()
      .given(active)
      .when({ type: 'Amend', summary: 'Nothing', changes: {}, effectiveOn: AMENDED_ON, today: TODAY })
      .thenThrows(BusinessRuleError, 'nothing_to_amend');
  });

  // As for revisions: the same values in another key order are no change.
  it('are refused when they send an object again with the same values in another key order', () => {
    agreement()
      .given(active)
      .when({
        type: 'Amend',
        summary: 'Same again',
        changes: { ipTerms: { backgroundIpListed: true, foregroundOwnership: 'joint', publicationReviewDays: 60 } },
        effectiveOn: AMENDED_ON,
        today: TODAY,
      })
      .thenThrows(BusinessRuleError, 'nothing_to_amend');
  });

  it('refuse an expiry on or before the effective date', () => {
    agreement()
      .given(active)
      .when({
        type: 'Amend',
        summary: 'Earlier expiry',
        changes: { expiryDate: '2016-07-01' },
        effectiveOn: AMENDED_ON,
        today: TODAY,
      })
      .thenThrows(BusinessRuleError, 'expiry_before_effective');
    agreement()
      .given(active)
      .when({
        type: 'Amend',
        summary: 'Earlier expiry',
        changes: { expiryDate: '2015-12-31' },
        effectiveOn: AMENDED_ON,
        today: TODAY,
      })
      .thenThrows(BusinessRuleError, 'expiry_before_effective');
  });

  it('may make the agreement open-ended', () => {
    agreement()
      .given(active)
      .when({
        type: 'Amend',
        summary: 'Open-ended',
        changes: { expiryDate: null },
        effectiveOn: AMENDED_ON,
        today: TODAY,
      })
      .then([amended(1, 'Open-ended', { expiryDate: null })]);
  });

  it('let the renewal windows open again for a new expiry date', () => {
    const allOpened = [...active, windowOpened(90), windowOpened(60), windowOpened(30)];
    agreement().given(allOpened).when({ type: 'OpenRenewalWindow', today: '2026-06-15' }).thenNothing();
    const later = [...allOpened, amended(1, 'One more year', { expiryDate: '2027-06-30' })];
    agreement()
      .given(later)
      .when({ type: 'OpenRenewalWindow', today: '2027-04-01' })
      .then([windowOpened(90, '2027-06-30')]);
    agreement().given(later).when({ type: 'OpenRenewalWindow', today: '2027-03-31' }).thenNothing();
  });

  it('that leave the expiry alone leave the windows opened as they were', () => {
    agreement()
      .given([...active, windowOpened(90), amended(1, 'Adds quantum computing', { technologyAreas: areas })])
      .when({ type: 'OpenRenewalWindow', today: '2026-04-10' })
      .thenNothing();
  });

  it('are refused for an unknown agreement', () => {
    agreement()
      .given([])
      .when({ type: 'Amend', summary: 'x', changes: { noticePeriodDays: 1 }, effectiveOn: AMENDED_ON, today: TODAY })
      .thenThrows(NotFoundError, 'agreement_not_found');
  });
});
