import { BusinessRuleError, NotFoundError } from '@accord/event-store';
import type { IsoDate } from '../calendar';
import type { AgreementCommand } from '../agreement.decide';
import {
  A,
  agreement,
  bihar,
  expired,
  historyOf,
  renewed,
  terminated,
  TODAY,
  utokyo,
  windowOpened,
} from '../../../test/agreement.given';

describe('renewal windows (the scheduler)', () => {
  // The alliance expires on 2026-06-30: 90 days before is 2026-04-01, 60 is 2026-05-01, 30 is 2026-05-31.
  const active = historyOf(utokyo, 'active');
  const open = (today: IsoDate): AgreementCommand => ({ type: 'OpenRenewalWindow', today });

  it('opens the 90-day window 90 days before expiry, and not a day earlier', () => {
    agreement()
      .given(active)
      .when(open('2026-04-01'))
      .then([windowOpened(90)]);
    agreement().given(active).when(open('2026-03-31')).thenNothing();
  });

  it('opens each window once: 90, then 60, then 30', () => {
    const at90 = [...active, windowOpened(90)];
    agreement().given(at90).when(open('2026-04-01')).thenNothing();
    agreement().given(at90).when(open('2026-04-30')).thenNothing();
    agreement()
      .given(at90)
      .when(open('2026-05-01'))
      .then([windowOpened(60)]);
    const at60 = [...at90, windowOpened(60)];
    agreement().given(at60).when(open('2026-05-02')).thenNothing();
    agreement().given(at60).when(open('2026-05-30')).thenNothing();
    agreement()
      .given(at60)
      .when(open('2026-05-31'))
      .then([windowOpened(30)]);
    const at30 = [...at60, windowOpened(30)];
    agreement().given(at30).when(open('2026-06-01')).thenNothing();
    agreement().given(at30).when(open('2026-06-30')).thenNothing();
  });

  it('opens late only the narrowest window crossed, and never the wider ones afterwards', () => {
    // 45 days left: the 60-day window, not the 90-day one
    agreement()
      .given(active)
      .when(open('2026-05-16'))
      .then([windowOpened(60)]);
    const late = [...active, windowOpened(60)];
    agreement().given(late).when(open('2026-05-21')).thenNothing();
    agreement()
      .given(late)
      .when(open('2026-05-31'))
      .then([windowOpened(30)]);
    // 10 days left: only the 30-day window, once
    agreement()
      .given(active)
      .when(open('2026-06-20'))
      .then([windowOpened(30)]);
    agreement()
      .given([...active, windowOpened(30)])
      .when(open('2026-06-21'))
      .thenNothing();
  });

  it('opens the 30-day window on the expiry date itself if none was opened', () => {
    agreement()
      .given(active)
      .when(open('2026-06-30'))
      .then([windowOpened(30)]);
  });

  it('opens windows for an agreement signed but not yet active', () => {
    agreement()
      .given(historyOf(utokyo, 'signed'))
      .when(open('2026-04-01'))
      .then([windowOpened(90)]);
  });

  it('does nothing once past the expiry date', () => {
    agreement().given(active).when(open('2026-07-01')).thenNothing();
  });

  it('does nothing for an agreement with no expiry date', () => {
    agreement().given(historyOf(bihar, 'active')).when(open('2030-01-01')).thenNothing();
  });

  it.each(['draft', 'in_negotiation', 'in_review', 'approved'] as const)('does nothing before signing: %s', (stage) => {
    agreement().given(historyOf(utokyo, stage)).when(open('2026-04-01')).thenNothing();
  });

  it('does nothing for an agreement that has ended', () => {
    agreement()
      .given([...active, terminated(A, '2026-01-10')])
      .when(open('2026-04-01'))
      .thenNothing();
    agreement()
      .given([...active, expired(A, '2026-07-01')])
      .when(open('2026-05-31'))
      .thenNothing();
  });

  it('opens the windows again after a renewal, for the new expiry date', () => {
    const renewedAlliance = [
      ...active,
      windowOpened(90),
      windowOpened(60),
      windowOpened(30),
      renewed(A, '2026-06-30', '2031-06-30', 1, false),
    ];
    agreement().given(renewedAlliance).when(open('2026-06-15')).thenNothing();
    agreement()
      .given(renewedAlliance)
      .when(open('2031-04-01'))
      .then([windowOpened(90, '2031-06-30')]);
  });

  it('is refused for an unknown agreement', () => {
    agreement().given([]).when(open('2026-04-01')).thenThrows(NotFoundError, 'agreement_not_found');
  });
});

describe('renewal', () => {
  const active = historyOf(utokyo, 'active');
  const RENEWED_ON = '2026-05-20';
  const renew = (newExpiryDate: IsoDate): AgreementCommand => ({
    type: 'Renew',
    newExpiryDate,
    renewedOn: RENEWED_ON,
    today: TODAY,
  });

  it('moves the expiry to a later date, counted, and not automatic', () => {
    agreement()
      .given(active)
      .when(renew('2031-06-30'))
      .then([renewed(A, '2026-06-30', '2031-06-30', 1, false, RENEWED_ON)]);
  });

  it('counts each renewal, from the current expiry date', () => {
    agreement()
      .given([...active, renewed(A, '2026-06-30', '2031-06-30', 1, false)])
      .when(renew('2036-06-30'))
      .then([renewed(A, '2031-06-30', '2036-06-30', 2, false, RENEWED_ON)]);
  });

  it('may renew an agreement signed but not yet active', () => {
    agreement()
      .given(historyOf(utokyo, 'signed'))
      .when(renew('2027-06-30'))
      .then([renewed(A, '2026-06-30', '2027-06-30', 1, false, RENEWED_ON)]);
  });

  it('refuses a new expiry that is not later', () => {
    agreement().given(active).when(renew('2026-06-30')).thenThrows(BusinessRuleError, 'renewal_not_later');
    agreement().given(active).when(renew('2026-06-29')).thenThrows(BusinessRuleError, 'renewal_not_later');
  });

  it('refuses an agreement with no expiry date', () => {
    agreement().given(historyOf(bihar, 'active')).when(renew('2030-01-01')).thenThrows(BusinessRuleError, 'no_expiry');
  });

  it('refuses an agreement that has expired or was terminated', () => {
    agreement()
      .given([...active, expired(A, '2026-07-01')])
      .when(renew('2031-06-30'))
      .thenThrows(BusinessRuleError, 'agreement_ended');
    agreement()
      .given([...active, terminated(A, '2020-01-31')])
      .when(renew('2031-06-30'))
      .thenThrows(BusinessRuleError, 'agreement_ended');
  });

  it.each(['draft', 'in_negotiation', 'in_review', 'approved'] as const)('refuses before signing: %s', (stage) => {
    agreement().given(historyOf(utokyo, stage)).when(renew('2031-06-30')).thenThrows(BusinessRuleError, 'not_signed');
  });

  it('is refused for an unknown agreement', () => {
    agreement().given([]).when(renew('2031-06-30')).thenThrows(NotFoundError, 'agreement_not_found');
  });
});
