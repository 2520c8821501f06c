import { BusinessRuleError } from '@accord/event-store';
import { given } from '@accord/event-store/testing';
import { COMPANY, type AgreementEvent, type AgreementTerms } from './agreement';
import { agreementDecider, type AgreementCommand } from './agreement.decide';
import type { IsoDate } from './calendar';
import type { Execution } from './draft-agreement/draft-agreement.decide';

/**
 * Acts logged after they happened: each carries its business date, the dates are checked against
 * today and against the acts they depend on, and the status follows the dates.
 */
const TODAY = '2026-12-05';
const A = 'a-nec-utokyo-2016';
const UTOKYO = 'p-utokyo';
const LEGAL = 'u-legal-sato';

// The NEC / University of Tokyo strategic partnership, concluded on 2016-09-05, for fifteen years.
const terms: AgreementTerms = {
  title: 'Strategic Partnership for Future AI Research and Education',
  purpose: 'Brain-morphic AI, AI ethics and law, scholarships and internships',
  partyIds: [UTOKYO],
  ownerId: 'u-owner-tanaka',
  parentAgreementId: null,
  technologyAreas: ['ai', 'brain-morphic-ai'],
  effectiveDate: '2016-09-05',
  expiryDate: '2031-09-04',
  autoRenew: false,
  noticePeriodDays: 180,
  funding: [],
  ipTerms: { foregroundOwnership: 'joint', publicationReviewDays: 60, backgroundIpListed: true },
};

const drafted = (draftedOn?: IsoDate, changes: Partial<AgreementTerms> = {}): AgreementEvent => ({
  type: 'AgreementDrafted',
  data: { agreementId: A, type: 'comprehensive_alliance', ...(draftedOn ? { draftedOn } : {}), ...terms, ...changes },
});
const submitted: AgreementEvent = { type: 'AgreementSubmittedForReview', data: { agreementId: A } };
const approved = (approvedOn: IsoDate): AgreementEvent => ({
  type: 'AgreementApproved',
  data: { agreementId: A, approvedBy: LEGAL, approvedOn },
});
const signedBy = (partyId: string, signedOn: IsoDate): AgreementEvent => ({
  type: 'AgreementSignedByParty',
  data: { agreementId: A, partyId, signedOn },
});
const executed = (executedOn: IsoDate, changes: Partial<AgreementTerms> = {}): AgreementEvent => ({
  type: 'AgreementFullyExecuted',
  data: { agreementId: A, executedOn, agreementType: 'comprehensive_alliance', terms: { ...terms, ...changes } },
});
const activated = (activatedOn: IsoDate): AgreementEvent => ({
  type: 'AgreementActivated',
  data: { agreementId: A, activatedOn },
});

const sign = (partyId: string, signedOn: IsoDate): AgreementCommand => ({
  type: 'Sign',
  partyId,
  signedOn,
  today: TODAY,
});
const agreement = () => given(agreementDecider);
const approvedIn2016 = [drafted('2016-05-10'), submitted, approved('2016-08-26')];

describe('signatures logged after the fact', () => {
  it('store the day each party signed, and execute the agreement on the last one', () => {
    agreement()
      .given([...approvedIn2016, signedBy(UTOKYO, '2016-09-01')])
      .when(sign(COMPANY, '2016-09-05'))
      .then([signedBy(COMPANY, '2016-09-05'), executed('2016-09-05'), activated('2016-09-05')]);
  });

  it('execute on the latest signature even when the earlier-dated one is logged last', () => {
    agreement()
      .given([...approvedIn2016, signedBy(COMPANY, '2016-09-05')])
      .when(sign(UTOKYO, '2016-09-01'))
      .then([signedBy(UTOKYO, '2016-09-01'), executed('2016-09-05'), activated('2016-09-05')]);
  });

  it('activate from the effective date when the signatures came before it', () => {
    const later = { effectiveDate: '2016-10-01' };
    agreement()
      .given([drafted('2016-05-10', later), submitted, approved('2016-08-26'), signedBy(UTOKYO, '2016-09-01')])
      .when(sign(COMPANY, '2016-09-05'))
      .then([signedBy(COMPANY, '2016-09-05'), executed('2016-09-05', later), activated('2016-10-01')]);
  });

  it('record an agreement whose expiry has passed as expired at once', () => {
    const short = { expiryDate: '2019-09-04' };
    agreement()
      .given([drafted('2016-05-10', short), submitted, approved('2016-08-26'), signedBy(UTOKYO, '2016-09-01')])
      .when(sign(COMPANY, '2016-09-05'))
      .then([
        signedBy(COMPANY, '2016-09-05'),
        executed('2016-09-05', short),
        activated('2016-09-05'),
        { type: 'AgreementExpired', data: { agreementId: A, expiredOn: '2019-09-05' } },
      ]);
  });

  it('refuse a signature after the expiry date: it never came into force', () => {
    // An MOU effective 2024-01-01, expiring 2026-12-04, signed by both sides on 2026-12-05.
    const mou = { effectiveDate: '2024-01-01', expiryDate: '2026-12-04' };
    const history = [drafted(undefined, mou), submitted, approved('2023-12-01'), signedBy(UTOKYO, '2026-12-05')];
    agreement().given(history).when(sign(COMPANY, '2026-12-05')).thenThrows(BusinessRuleError, 'signed_after_expiry');
  });

  it('refuse a day in the future', () => {
    agreement().given(approvedIn2016).when(sign(COMPANY, '2026-12-06')).thenThrows(BusinessRuleError, 'date_in_future');
  });

  it('refuse a day before the approval, or before the draft', () => {
    agreement()
      .given(approvedIn2016)
      .when(sign(COMPANY, '2016-08-25'))
      .thenThrows(BusinessRuleError, 'before_approved');
    const approvedUndated: AgreementEvent = { type: 'AgreementApproved', data: { agreementId: A, approvedBy: LEGAL } };
    agreement()
      .given([drafted('2016-05-10'), submitted, approvedUndated])
      .when(sign(COMPANY, '2016-05-09'))
      .thenThrows(BusinessRuleError, 'before_drafted');
  });
});

describe('other acts with their dates', () => {
  const active = [...approvedIn2016, signedBy(UTOKYO, '2016-09-01'), signedBy(COMPANY, '2016-09-05')].flatMap(
    (event, i, all) => (i === all.length - 1 ? [event, executed('2016-09-05'), activated('2016-09-05')] : [event]),
  );

  it('start negotiation and submit for review on the day given, not before the draft nor in the future', () => {
    agreement()
      .given([drafted('2016-05-10')])
      .when({ type: 'StartNegotiation', startedOn: '2016-06-27', today: TODAY })
      .then([{ type: 'AgreementNegotiationStarted', data: { agreementId: A, startedOn: '2016-06-27' } }]);
    agreement()
      .given([drafted('2016-05-10')])
      .when({ type: 'SubmitForReview', submittedOn: '2016-05-09', today: TODAY })
      .thenThrows(BusinessRuleError, 'before_drafted');
    agreement()
      .given([drafted('2016-05-10')])
      .when({ type: 'SubmitForReview', submittedOn: '2026-12-06', today: TODAY })
      .thenThrows(BusinessRuleError, 'date_in_future');
  });

  it('approve on the day given, not before the draft nor in the future', () => {
    const approve = (approvedOn: IsoDate): AgreementCommand => ({
      type: 'Approve',
      approvedBy: LEGAL,
      approvedOn,
      today: TODAY,
    });
    agreement()
      .given([drafted('2016-05-10'), submitted])
      .when(approve('2016-08-26'))
      .then([approved('2016-08-26')]);
    agreement()
      .given([drafted('2016-05-10'), submitted])
      .when(approve('2016-05-01'))
      .thenThrows(BusinessRuleError, 'before_drafted');
    agreement()
      .given([drafted('2016-05-10'), submitted])
      .when(approve('2027-01-01'))
      .thenThrows(BusinessRuleError, 'date_in_future');
  });

  it('amend, renew and terminate not before the execution', () => {
    const amend = (effectiveOn: IsoDate): AgreementCommand => ({
      type: 'Amend',
      summary: 'Adds quantum computing',
      changes: { technologyAreas: ['ai', 'quantum-computing'] },
      effectiveOn,
      today: TODAY,
    });
    agreement()
      .given(active)
      .when(amend('2021-04-01'))
      .then([
        {
          type: 'AgreementAmended',
          data: {
            agreementId: A,
            amendment: 1,
            summary: 'Adds quantum computing',
            changes: { technologyAreas: ['ai', 'quantum-computing'] },
            effectiveOn: '2021-04-01',
          },
        },
      ]);
    agreement().given(active).when(amend('2016-09-04')).thenThrows(BusinessRuleError, 'before_executed');
    agreement()
      .given(active)
      .when({ type: 'Renew', newExpiryDate: '2036-09-04', renewedOn: '2016-01-01', today: TODAY })
      .thenThrows(BusinessRuleError, 'before_executed');
    agreement()
      .given(active)
      .when({ type: 'Terminate', reason: 'x', terminatedOn: '2016-09-01', today: TODAY })
      .thenThrows(BusinessRuleError, 'before_executed');
    agreement()
      .given(active)
      .when({ type: 'Terminate', reason: 'Programme closed', terminatedOn: '2026-11-30', today: TODAY })
      .then([
        {
          type: 'AgreementTerminated',
          data: { agreementId: A, reason: 'Programme closed', terminatedOn: '2026-11-30' },
        },
      ]);
  });
});

describe('an executed agreement logged in one step', () => {
  const log = (execution: Execution, changes: Partial<AgreementTerms> = {}): AgreementCommand => ({
    type: 'DraftAgreement',
    agreementId: A,
    agreementType: 'comprehensive_alliance',
    terms: { ...terms, ...changes },
    parties: { [UTOKYO]: 'registered' },
    parent: null,
    draftedOn: null,
    execution,
    today: TODAY,
  });
  const signatures = [
    { partyId: COMPANY, signedOn: '2016-09-05' },
    { partyId: UTOKYO, signedOn: '2016-09-01' },
  ];

  it('stores what the step-by-step path would, each act on its own date, and is active at once', () => {
    agreement()
      .given([])
      .when(log({ approvedBy: LEGAL, approvedOn: '2016-08-26', signatures }))
      .then([
        drafted(),
        submitted,
        approved('2016-08-26'),
        signedBy(UTOKYO, '2016-09-01'),
        signedBy(COMPANY, '2016-09-05'),
        executed('2016-09-05'),
        activated('2016-09-05'),
      ]);
  });

  it('needs every party’s signature', () => {
    agreement()
      .given([])
      .when(log({ approvedBy: LEGAL, approvedOn: '2016-08-26', signatures: signatures.slice(0, 1) }))
      .thenThrows(BusinessRuleError, 'signatures_missing');
  });

  it('checks every date as the separate steps would', () => {
    agreement()
      .given([])
      .when(log({ approvedBy: LEGAL, approvedOn: '2016-09-02', signatures }))
      .thenThrows(BusinessRuleError, 'before_approved');
    agreement()
      .given([])
      .when(
        log(
          { approvedBy: LEGAL, approvedOn: '2016-08-26', signatures },
          { effectiveDate: '2016-08-01', expiryDate: '2016-09-03' },
        ),
      )
      .thenThrows(BusinessRuleError, 'signed_after_expiry');
  });
});
