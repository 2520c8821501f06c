import { BusinessRuleError } from '@accord/event-store';
import type { AgreementTerms, ParentCheck, PartyCheck } from '../agreement-terms';
import type { AgreementCommand } from '../agreement.decide';
import {
  A,
  agreement,
  allianceTerms,
  bihar,
  draft,
  refusal,
  TODAY,
  utokyo,
  utokyoParties,
} from '../../../test/agreement.given';

describe('drafting an agreement', () => {
  it('records the type and the terms', () => {
    agreement().given([]).when(draft(allianceTerms)).then([utokyo.drafted]);
  });

  it('records an open-ended agreement, with no expiry date', () => {
    agreement()
      .given([])
      .when({
        type: 'DraftAgreement',
        agreementId: 'a-bihar-mou',
        agreementType: 'mou',
        terms: (({ agreementId: _id, type: _type, ...terms }) => terms)(bihar.drafted.data),
        parties: { 'p-bihar': 'registered' },
        parent: null,
        draftedOn: null,
        execution: null,
        today: TODAY,
      })
      .then([bihar.drafted]);
  });

  it('refuses parties that are not registered partners, naming every one of them', () => {
    const terms = { ...allianceTerms, partyIds: ['p-utokyo', 'p-toshiba', 'p-nowhere'] };
    agreement()
      .given([])
      .when(draft(terms, { 'p-utokyo': 'registered', 'p-toshiba': 'unknown' }))
      .thenThrows(BusinessRuleError, 'party_unknown');
    expect(refusal([], draft(terms, { 'p-utokyo': 'registered', 'p-toshiba': 'unknown' }))).toMatchObject({
      code: 'party_unknown',
      details: { partyIds: ['p-toshiba', 'p-nowhere'] },
      message: expect.stringContaining('p-toshiba, p-nowhere'),
    });
  });

  it('refuses archived partners, naming them', () => {
    const terms = { ...allianceTerms, partyIds: ['p-utokyo', 'p-old-lab'] };
    const parties: PartyCheck = { 'p-utokyo': 'registered', 'p-old-lab': 'archived' };
    agreement().given([]).when(draft(terms, parties)).thenThrows(BusinessRuleError, 'party_archived');
    expect(refusal([], draft(terms, parties))).toMatchObject({
      code: 'party_archived',
      details: { partyIds: ['p-old-lab'] },
    });
  });

  it('reports unknown parties before archived ones', () => {
    const terms = { ...allianceTerms, partyIds: ['p-old-lab', 'p-nowhere'] };
    expect(refusal([], draft(terms, { 'p-old-lab': 'archived' }))).toMatchObject({
      code: 'party_unknown',
      details: { partyIds: ['p-nowhere'] },
    });
  });

  it('refuses an expiry on or before the effective date', () => {
    agreement()
      .given([])
      .when(draft({ ...allianceTerms, expiryDate: '2016-07-01' }))
      .thenThrows(BusinessRuleError, 'expiry_before_effective');
    agreement()
      .given([])
      .when(draft({ ...allianceTerms, expiryDate: '2016-06-30' }))
      .thenThrows(BusinessRuleError, 'expiry_before_effective');
    agreement()
      .given([])
      .when(draft({ ...allianceTerms, expiryDate: '2016-07-02' }))
      .then([{ ...utokyo.drafted, data: { ...utokyo.drafted.data, expiryDate: '2016-07-02' } }]);
  });

  describe('under a parent agreement (joint research under the alliance)', () => {
    const child: AgreementTerms = {
      ...allianceTerms,
      title: 'Joint research on brain-morphic AI',
      parentAgreementId: A,
      effectiveDate: '2017-04-01',
      expiryDate: '2020-03-31',
    };
    const command = (parent: ParentCheck): AgreementCommand => ({
      type: 'DraftAgreement',
      agreementId: 'a-utokyo-brain-morphic',
      agreementType: 'joint_research',
      terms: child,
      parties: utokyoParties,
      parent,
      draftedOn: null,
      execution: null,
      today: TODAY,
    });

    it('records the parent when it is in force', () => {
      agreement()
        .given([])
        .when(command('valid'))
        .then([
          {
            type: 'AgreementDrafted',
            data: { agreementId: 'a-utokyo-brain-morphic', type: 'joint_research', ...child },
          },
        ]);
    });

    it('refuses an unknown parent, naming it', () => {
      agreement().given([]).when(command('unknown')).thenThrows(BusinessRuleError, 'parent_unknown');
      expect(refusal([], command('unknown'))).toMatchObject({ message: expect.stringContaining(A) });
    });

    it('refuses a parent that has ended', () => {
      agreement().given([]).when(command('ended')).thenThrows(BusinessRuleError, 'parent_ended');
    });
  });

  it('refuses to draft the same id twice', () => {
    agreement().given([utokyo.drafted]).when(draft(allianceTerms)).thenThrows(BusinessRuleError, 'agreement_exists');
  });
});
