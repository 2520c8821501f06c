import { BusinessRuleError, NotFoundError } from '@accord/event-store';
import { COMPANY } from '../agreement';
import type { IsoDate } from '../calendar';
import type { AgreementCommand } from '../agreement.decide';
import {
  A,
  activated,
  agreement,
  bihar,
  decide,
  executed,
  expired,
  historyOf,
  nict,
  refusal,
  renewed,
  signedBy,
  terminated,
  testbed,
  utokyo,
  type Case,
} from '../../../test/agreement.given';

describe('signing', () => {
  const approvedAlliance = historyOf(utokyo, 'approved');
  const sign = (partyId: string, signedOn: IsoDate, today: IsoDate = signedOn): AgreementCommand => ({
    type: 'Sign',
    partyId,
    signedOn,
    today,
  });

  it('records our signature, as the company, and waits for the partner', () => {
    agreement()
      .given(approvedAlliance)
      .when(sign(COMPANY, '2016-06-20'))
      .then([signedBy(A, 'company', '2016-06-20')]);
  });

  it('records a partner signature first, and waits for ours', () => {
    agreement()
      .given(approvedAlliance)
      .when(sign('p-utokyo', '2016-06-20'))
      .then([signedBy(A, 'p-utokyo', '2016-06-20')]);
  });

  it('records nothing when a party signs again', () => {
    agreement()
      .given([...approvedAlliance, signedBy(A, COMPANY, '2016-06-20')])
      .when(sign(COMPANY, '2016-06-21'))
      .thenNothing();
    agreement().given(historyOf(utokyo, 'active')).when(sign('p-utokyo', '2016-08-01')).thenNothing();
  });

  it('executes the agreement with the last signature, and waits for an effective date still to come', () => {
    agreement()
      .given([...approvedAlliance, signedBy(A, COMPANY, '2016-06-20')])
      .when(sign('p-utokyo', '2016-06-22'))
      .then([signedBy(A, 'p-utokyo', '2016-06-22'), executed(utokyo, '2016-06-22')]);
  });

  it('activates it at once when the last signature falls on the effective date', () => {
    agreement()
      .given([...approvedAlliance, signedBy(A, COMPANY, '2016-06-20')])
      .when(sign('p-utokyo', '2016-07-01'))
      .then([signedBy(A, 'p-utokyo', '2016-07-01'), executed(utokyo, '2016-07-01'), activated(A, '2016-07-01')]);
  });

  it('activates it at once when the last signature comes after the effective date', () => {
    agreement()
      .given([...approvedAlliance, signedBy(A, 'p-utokyo', '2016-07-05')])
      .when(sign(COMPANY, '2016-08-01'))
      .then([signedBy(A, 'company', '2016-08-01'), executed(utokyo, '2016-08-01'), activated(A, '2016-08-01')]);
  });

  it('needs every partner of a consortium, and us', () => {
    const id = testbed.drafted.data.agreementId;
    const history = historyOf(testbed, 'approved');
    agreement()
      .given(history)
      .when(sign('p-nict', '2024-09-20'))
      .then([signedBy(id, 'p-nict', '2024-09-20')]);
    const nictAndToshiba = [...history, signedBy(id, 'p-nict', '2024-09-20'), signedBy(id, 'p-toshiba', '2024-09-24')];
    // every partner, but not us yet
    agreement()
      .given(nictAndToshiba)
      .when(sign('p-utokyo', '2024-09-25'))
      .then([signedBy(id, 'p-utokyo', '2024-09-25')]);
    // us and two partners: the third one executes it
    agreement()
      .given([...nictAndToshiba, signedBy(id, COMPANY, '2024-09-24')])
      .when(sign('p-utokyo', '2024-09-25'))
      .then([signedBy(id, 'p-utokyo', '2024-09-25'), executed(testbed, '2024-09-25')]);
  });

  it('refuses someone who is not a party, naming them', () => {
    agreement().given(approvedAlliance).when(sign('p-nict', '2016-06-20')).thenThrows(BusinessRuleError, 'not_a_party');
    expect(refusal(approvedAlliance, sign('p-nict', '2016-06-20'))).toMatchObject({ details: { partyId: 'p-nict' } });
  });

  it.each(['draft', 'in_negotiation', 'in_review'] as const)('is refused before approval: %s', (stage) => {
    agreement()
      .given(historyOf(utokyo, stage))
      .when(sign('p-utokyo', '2016-06-20'))
      .thenThrows(BusinessRuleError, 'not_approved');
    agreement()
      .given(historyOf(utokyo, stage))
      .when(sign(COMPANY, '2016-06-20'))
      .thenThrows(BusinessRuleError, 'not_approved');
  });

  it('is refused once the agreement has ended', () => {
    agreement()
      .given([...approvedAlliance, signedBy(A, COMPANY, '2016-06-20'), terminated(A, '2016-06-21')])
      .when(sign('p-utokyo', '2016-06-22'))
      .thenThrows(BusinessRuleError, 'agreement_ended');
    agreement()
      .given([...historyOf(utokyo, 'active'), expired(A, '2026-07-01')])
      .when(sign('p-utokyo', '2026-07-02'))
      .thenThrows(BusinessRuleError, 'agreement_ended');
  });

  it('is refused for an unknown agreement', () => {
    agreement().given([]).when(sign(COMPANY, '2016-06-20')).thenThrows(NotFoundError, 'agreement_not_found');
  });
});

describe('activation (the scheduler)', () => {
  const signedAlliance = historyOf(utokyo, 'signed'); // executed on 2016-06-22, effective 2016-07-01

  it('activates a signed agreement on its effective date, or at the first run after it, as of that date', () => {
    agreement()
      .given(signedAlliance)
      .when({ type: 'Activate', today: '2016-07-01' })
      .then([activated(A, '2016-07-01')]);
    // In force since its effective date, however late the scheduler comes to it.
    agreement()
      .given(signedAlliance)
      .when({ type: 'Activate', today: '2016-07-04' })
      .then([activated(A, '2016-07-01')]);
  });

  it('does nothing before the effective date', () => {
    agreement().given(signedAlliance).when({ type: 'Activate', today: '2016-06-30' }).thenNothing();
  });

  it('does nothing for an agreement already active, not yet signed by all, or ended', () => {
    agreement().given(historyOf(utokyo, 'active')).when({ type: 'Activate', today: '2016-08-01' }).thenNothing();
    agreement()
      .given([...historyOf(utokyo, 'approved'), signedBy(A, COMPANY, '2016-06-20')])
      .when({ type: 'Activate', today: '2016-08-01' })
      .thenNothing();
    agreement()
      .given([...signedAlliance, terminated(A, '2016-06-25')])
      .when({ type: 'Activate', today: '2016-08-01' })
      .thenNothing();
  });

  it('is refused for an unknown agreement', () => {
    agreement()
      .given([])
      .when({ type: 'Activate', today: '2016-07-01' })
      .thenThrows(NotFoundError, 'agreement_not_found');
  });
});

describe('expiry (the scheduler)', () => {
  const active = historyOf(utokyo, 'active');
  const expire = (today: IsoDate): AgreementCommand => ({ type: 'Expire', today });

  it('expires an agreement past its expiry date: it ended the day after', () => {
    agreement()
      .given(active)
      .when(expire('2026-07-01'))
      .then([expired(A, '2026-07-01')]);
  });

  it('dates the expiry the day after the expiry date, however late the scheduler runs', () => {
    agreement()
      .given(active)
      .when(expire('2026-09-15'))
      .then([expired(A, '2026-07-01')]);
  });

  it('does nothing on the expiry date itself, or before', () => {
    agreement().given(active).when(expire('2026-06-30')).thenNothing();
    agreement().given(active).when(expire('2026-01-01')).thenNothing();
  });

  it('expires an agreement signed but never activated', () => {
    agreement()
      .given(historyOf(utokyo, 'signed'))
      .when(expire('2026-07-01'))
      .then([expired(A, '2026-07-01')]);
  });

  it('does nothing for an agreement already expired, terminated, not signed, or with no expiry date', () => {
    agreement()
      .given([...active, expired(A, '2026-07-01')])
      .when(expire('2026-07-02'))
      .thenNothing();
    agreement()
      .given([...active, terminated(A, '2020-01-31')])
      .when(expire('2026-07-01'))
      .thenNothing();
    agreement().given(historyOf(utokyo, 'approved')).when(expire('2026-07-01')).thenNothing();
    agreement().given(historyOf(bihar, 'active')).when(expire('2099-01-01')).thenNothing();
  });

  describe('with automatic renewal (NICT, two-year terms from 2023-04-01 to 2025-03-31)', () => {
    const id = nict.drafted.data.agreementId;
    const activeNict = historyOf(nict, 'active');

    it('renews instead of expiring, by one term of the original length', () => {
      agreement()
        .given(activeNict)
        .when(expire('2025-04-01'))
        .then([renewed(id, '2025-03-31', '2027-03-31', 1, true)]);
    });

    it('does nothing on the expiry date itself', () => {
      agreement().given(activeNict).when(expire('2025-03-31')).thenNothing();
    });

    it('renews by as many whole terms as it takes to reach today, in one renewal', () => {
      // two-year terms, by the calendar: 2025-03-31 → 2027-03-31 → 2029-03-31
      agreement()
        .given(activeNict)
        .when(expire('2028-01-10'))
        .then([renewed(id, '2025-03-31', '2029-03-31', 1, true)]);
      // a term that ends today is enough
      agreement()
        .given(activeNict)
        .when(expire('2027-03-31'))
        .then([renewed(id, '2025-03-31', '2027-03-31', 1, true)]);
    });

    it('counts automatic renewals with the manual ones', () => {
      const [event] = decide([...activeNict, renewed(id, '2025-03-31', '2026-03-31', 1, false)], expire('2026-04-01'));
      expect(event).toMatchObject({ type: 'AgreementRenewed', data: { renewal: 2, automatic: true } });
    });

    // The term is the one first agreed, not the time since the effective date (which would double
    // with every renewal).
    it('renews a second time by the original term again, not by the whole time so far', () => {
      const [event] = decide([...activeNict, renewed(id, '2025-03-31', '2027-03-31', 1, true)], expire('2027-04-01'));
      expect(event).toMatchObject({ type: 'AgreementRenewed', data: { previousExpiryDate: '2027-03-31', renewal: 2 } });
      expect(event).toMatchObject({ data: { newExpiryDate: '2029-03-31' } });
    });

    // Valid through its expiry date: 2025-04-01 to 2026-03-31 is a whole year, renewed by a whole year.
    it('renews a one-year term for a whole year', () => {
      const oneYear: Case = {
        drafted: {
          ...nict.drafted,
          data: { ...nict.drafted.data, effectiveDate: '2025-04-01', expiryDate: '2026-03-31' },
        },
        signedOn: '2025-03-20',
      };
      agreement()
        .given(historyOf(oneYear, 'active'))
        .when(expire('2026-04-01'))
        .then([renewed(id, '2026-03-31', '2027-03-31', 1, true)]);
    });
  });

  it('is refused for an unknown agreement', () => {
    agreement().given([]).when(expire('2026-07-01')).thenThrows(NotFoundError, 'agreement_not_found');
  });
});
