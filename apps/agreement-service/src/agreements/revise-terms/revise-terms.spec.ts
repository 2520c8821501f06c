import { BusinessRuleError, NotFoundError } from '@accord/event-store';
import {
  A,
  agreement,
  allianceTerms,
  historyOf,
  refusal,
  revise,
  terminated,
  utokyo,
  utokyoParties,
} from '../../../test/agreement.given';

describe('revising the terms', () => {
  it('records only the fields that change', () => {
    agreement()
      .given([utokyo.drafted])
      .when(
        revise({
          title: allianceTerms.title,
          purpose: 'Joint research on AI, and the Future AI Research and Education centre',
          technologyAreas: ['ai', 'brain-morphic-ai'],
          ipTerms: { ...allianceTerms.ipTerms },
          funding: [{ direction: 'outbound', amount: 120_000_000, currency: 'JPY', schedule: 'yearly' }],
        }),
      )
      .then([
        {
          type: 'AgreementTermsRevised',
          data: {
            agreementId: A,
            changes: {
              purpose: 'Joint research on AI, and the Future AI Research and Education centre',
              funding: [{ direction: 'outbound', amount: 120_000_000, currency: 'JPY', schedule: 'yearly' }],
            },
          },
        },
      ]);
  });

  it('records a change to null', () => {
    agreement()
      .given([utokyo.drafted])
      .when(revise({ expiryDate: null }))
      .then([{ type: 'AgreementTermsRevised', data: { agreementId: A, changes: { expiryDate: null } } }]);
  });

  it('records nothing when nothing changes', () => {
    agreement()
      .given([utokyo.drafted])
      .when(revise({ ...allianceTerms }))
      .thenNothing();
    agreement().given([utokyo.drafted]).when(revise({})).thenNothing();
  });

  // Event data is stored as jsonb, which re-orders object keys: the same values in another key order
  // are no change.
  it('records nothing when an object is sent again with the same values in another key order', () => {
    agreement()
      .given([utokyo.drafted])
      .when(revise({ ipTerms: { backgroundIpListed: true, foregroundOwnership: 'joint', publicationReviewDays: 60 } }))
      .thenNothing();
  });

  it('is allowed in negotiation', () => {
    agreement()
      .given(historyOf(utokyo, 'in_negotiation'))
      .when(revise({ noticePeriodDays: 180 }))
      .then([{ type: 'AgreementTermsRevised', data: { agreementId: A, changes: { noticePeriodDays: 180 } } }]);
  });

  it.each(['in_review', 'approved', 'signed', 'active'] as const)('is locked once %s', (stage) => {
    agreement()
      .given(historyOf(utokyo, stage))
      .when(revise({ noticePeriodDays: 180 }))
      .thenThrows(BusinessRuleError, 'terms_locked');
  });

  it('is locked once terminated', () => {
    agreement()
      .given([utokyo.drafted, terminated(A, '2016-05-01')])
      .when(revise({ noticePeriodDays: 180 }))
      .thenThrows(BusinessRuleError, 'agreement_ended');
  });

  it('refuses to make an agreement its own parent', () => {
    agreement()
      .given([utokyo.drafted])
      .when(revise({ parentAgreementId: A }, utokyoParties, 'valid'))
      .thenThrows(BusinessRuleError, 'parent_self');
  });

  describe('re-checks the revised terms as a whole', () => {
    it('refuses an added party that is unknown or archived', () => {
      const partyIds = ['p-utokyo', 'p-riken'];
      agreement()
        .given([utokyo.drafted])
        .when(revise({ partyIds }, { 'p-utokyo': 'registered' }))
        .thenThrows(BusinessRuleError, 'party_unknown');
      expect(refusal([utokyo.drafted], revise({ partyIds }, { 'p-utokyo': 'registered' }))).toMatchObject({
        details: { partyIds: ['p-riken'] },
      });
      agreement()
        .given([utokyo.drafted])
        .when(revise({ partyIds }, { 'p-utokyo': 'registered', 'p-riken': 'archived' }))
        .thenThrows(BusinessRuleError, 'party_archived');
      agreement()
        .given([utokyo.drafted])
        .when(revise({ partyIds }, { 'p-utokyo': 'registered', 'p-riken': 'registered' }))
        .then([{ type: 'AgreementTermsRevised', data: { agreementId: A, changes: { partyIds } } }]);
    });

    it('refuses a revision of anything once a party it already has is archived', () => {
      agreement()
        .given([utokyo.drafted])
        .when(revise({ title: 'Alliance' }, { 'p-utokyo': 'archived' }))
        .thenThrows(BusinessRuleError, 'party_archived');
    });

    it('refuses an expiry on or before the effective date, whichever of the two moves', () => {
      agreement()
        .given([utokyo.drafted])
        .when(revise({ expiryDate: '2016-07-01' }))
        .thenThrows(BusinessRuleError, 'expiry_before_effective');
      agreement()
        .given([utokyo.drafted])
        .when(revise({ effectiveDate: '2026-07-01' }))
        .thenThrows(BusinessRuleError, 'expiry_before_effective');
      agreement()
        .given([utokyo.drafted])
        .when(revise({ effectiveDate: '2016-10-01' }))
        .then([{ type: 'AgreementTermsRevised', data: { agreementId: A, changes: { effectiveDate: '2016-10-01' } } }]);
    });

    it('refuses an unknown or ended parent', () => {
      agreement()
        .given([utokyo.drafted])
        .when(revise({ parentAgreementId: 'a-missing' }, utokyoParties, 'unknown'))
        .thenThrows(BusinessRuleError, 'parent_unknown');
      agreement()
        .given([utokyo.drafted])
        .when(revise({ parentAgreementId: 'a-old' }, utokyoParties, 'ended'))
        .thenThrows(BusinessRuleError, 'parent_ended');
    });
  });

  it('is refused for an unknown agreement', () => {
    agreement()
      .given([])
      .when(revise({ title: 'x' }))
      .thenThrows(NotFoundError, 'agreement_not_found');
  });
});
