import { BusinessRuleError, NotFoundError, fold } from '@accord/event-store';
import { given } from '@accord/event-store/testing';
import {
  COMPANY,
  addDays,
  daysBetween,
  extendBy,
  termOf,
  type AgreementEvent,
  type AgreementTerms,
  type IsoDate,
} from './agreement';
import {
  agreementDecider,
  decideAgreement,
  type AgreementCommand,
  type ParentCheck,
  type PartyCheck,
} from './agreement.decide';

type Drafted = Extract<AgreementEvent, { type: 'AgreementDrafted' }>;
type Stage = 'draft' | 'in_negotiation' | 'in_review' | 'approved' | 'signed' | 'active';

/** A drafted agreement, and the day all its parties sign once approved (before its effective date). */
interface Case {
  drafted: Drafted;
  signedOn: IsoDate;
}

const LEGAL = 'u-legal-sato';
/** The day commands are decided on when a test does not say: logging after the fact is the rule. */
const TODAY = '2026-12-05';

// The University of Tokyo comprehensive alliance (2016): ten years of AI and brain-morphic computing.
const A = 'a-utokyo-2016';
const allianceTerms: AgreementTerms = {
  title: 'Comprehensive alliance with the University of Tokyo',
  purpose: 'Joint research on AI and brain-morphic computing, and the exchange of researchers',
  partyIds: ['p-utokyo'],
  ownerId: 'u-owner-tanaka',
  parentAgreementId: null,
  technologyAreas: ['ai', 'brain-morphic-ai'],
  effectiveDate: '2016-07-01',
  expiryDate: '2026-06-30',
  autoRenew: false,
  noticePeriodDays: 90,
  funding: [{ direction: 'outbound', amount: 100_000_000, currency: 'JPY', schedule: 'yearly' }],
  ipTerms: { foregroundOwnership: 'joint', publicationReviewDays: 60, backgroundIpListed: true },
};
const utokyo: Case = {
  drafted: { type: 'AgreementDrafted', data: { agreementId: A, type: 'comprehensive_alliance', ...allianceTerms } },
  signedOn: '2016-06-22',
};
const utokyoParties: PartyCheck = { 'p-utokyo': 'registered' };

// NICT joint R&D on quantum cryptography: two-year terms, renewed automatically.
const nictTerms: AgreementTerms = {
  title: 'Joint R&D on quantum cryptography',
  purpose: 'Quantum key distribution over deployed fibre, and its key management',
  partyIds: ['p-nict'],
  ownerId: 'u-owner-suzuki',
  parentAgreementId: null,
  technologyAreas: ['quantum-cryptography', 'qkd'],
  effectiveDate: '2023-04-01',
  expiryDate: '2025-03-31',
  autoRenew: true,
  noticePeriodDays: 60,
  funding: [{ direction: 'in_kind', amount: 0, currency: 'JPY', schedule: null }],
  ipTerms: { foregroundOwnership: 'joint', publicationReviewDays: 30, backgroundIpListed: true },
};
const nict: Case = {
  drafted: { type: 'AgreementDrafted', data: { agreementId: 'a-nict-qkd', type: 'joint_research', ...nictTerms } },
  signedOn: '2023-03-24',
};

// The Transgene TG4050 co-development (individualised neoantigen cancer vaccine): obligations.
const transgene: Case = {
  drafted: {
    type: 'AgreementDrafted',
    data: {
      agreementId: 'a-transgene-tg4050',
      type: 'co_development',
      title: 'Co-development of TG4050',
      purpose: 'AI-selected neoantigens in an individualised therapeutic cancer vaccine',
      partyIds: ['p-transgene'],
      ownerId: 'u-owner-kobayashi',
      parentAgreementId: null,
      technologyAreas: ['ai', 'neoantigen-prediction'],
      effectiveDate: '2019-03-01',
      expiryDate: '2027-12-31',
      autoRenew: false,
      noticePeriodDays: 180,
      funding: [{ direction: 'outbound', amount: 2_500_000, currency: 'EUR', schedule: 'per milestone' }],
      ipTerms: { foregroundOwnership: 'joint', publicationReviewDays: 45, backgroundIpListed: true },
    },
  },
  signedOn: '2019-02-25',
};

// The Bihar MOU: open-ended, no expiry date.
const bihar: Case = {
  drafted: {
    type: 'AgreementDrafted',
    data: {
      agreementId: 'a-bihar-mou',
      type: 'mou',
      title: 'MOU with the Government of Bihar',
      purpose: 'Digital public services',
      partyIds: ['p-bihar'],
      ownerId: 'u-owner-iyer',
      parentAgreementId: null,
      technologyAreas: ['biometrics', 'e-governance'],
      effectiveDate: '2021-01-15',
      expiryDate: null,
      autoRenew: false,
      noticePeriodDays: 30,
      funding: [],
      ipTerms: { foregroundOwnership: 'company', publicationReviewDays: 0, backgroundIpListed: false },
    },
  },
  signedOn: '2021-01-12',
};

// A consortium: the Tokyo QKD Network testbed, with three partners besides us.
const testbed: Case = {
  drafted: {
    type: 'AgreementDrafted',
    data: {
      agreementId: 'a-tokyo-qkd-testbed',
      type: 'testbed',
      title: 'Tokyo QKD Network testbed',
      purpose: null,
      partyIds: ['p-nict', 'p-utokyo', 'p-toshiba'],
      ownerId: 'u-owner-suzuki',
      parentAgreementId: null,
      technologyAreas: ['qkd'],
      effectiveDate: '2024-10-01',
      expiryDate: '2029-09-30',
      autoRenew: false,
      noticePeriodDays: 90,
      funding: [],
      ipTerms: { foregroundOwnership: 'joint', publicationReviewDays: 30, backgroundIpListed: true },
    },
  },
  signedOn: '2024-09-20',
};

const negotiationStarted = (agreementId: string): AgreementEvent => ({
  type: 'AgreementNegotiationStarted',
  data: { agreementId },
});
const submitted = (agreementId: string): AgreementEvent => ({
  type: 'AgreementSubmittedForReview',
  data: { agreementId },
});
/** Without a date: approvals stored before they carried their business date. */
const approved = (agreementId: string, approvedOn?: IsoDate): AgreementEvent => ({
  type: 'AgreementApproved',
  data: { agreementId, approvedBy: LEGAL, ...(approvedOn ? { approvedOn } : {}) },
});
const approve = (approvedOn: IsoDate = '2016-06-15', today: IsoDate = approvedOn): AgreementCommand => ({
  type: 'Approve',
  approvedBy: LEGAL,
  approvedOn,
  today,
});
const signedBy = (agreementId: string, partyId: string, signedOn: IsoDate): AgreementEvent => ({
  type: 'AgreementSignedByParty',
  data: { agreementId, partyId, signedOn },
});
/** Full execution carries the type and the terms as executed (for the partner service and the views). */
const executed = ({ drafted }: Case, executedOn: IsoDate): AgreementEvent => {
  const { agreementId, type: agreementType, ...terms } = drafted.data;
  return { type: 'AgreementFullyExecuted', data: { agreementId, executedOn, agreementType, terms } };
};
const activated = (agreementId: string, activatedOn: IsoDate): AgreementEvent => ({
  type: 'AgreementActivated',
  data: { agreementId, activatedOn },
});
const terminated = (agreementId: string, terminatedOn: IsoDate): AgreementEvent => ({
  type: 'AgreementTerminated',
  data: { agreementId, reason: 'partner withdrew', terminatedOn },
});
const expired = (agreementId: string, expiredOn: IsoDate): AgreementEvent => ({
  type: 'AgreementExpired',
  data: { agreementId, expiredOn },
});
const windowOpened = (daysBeforeExpiry: number, expiryDate: IsoDate = '2026-06-30'): AgreementEvent => ({
  type: 'AgreementRenewalWindowOpened',
  data: { agreementId: A, daysBeforeExpiry, expiryDate },
});
const renewed = (
  agreementId: string,
  previousExpiryDate: IsoDate,
  newExpiryDate: IsoDate,
  renewal: number,
  automatic: boolean,
  renewedOn?: IsoDate,
): AgreementEvent => ({
  type: 'AgreementRenewed',
  data: { agreementId, previousExpiryDate, newExpiryDate, renewal, automatic, ...(renewedOn ? { renewedOn } : {}) },
});

/**
 * The events that take a case from drafting to `stage` the ordinary way: negotiation, review, approval,
 * every party's signature (ours first) on `signedOn`, and activation on the effective date.
 */
function historyOf({ drafted, signedOn }: Case, stage: Stage): AgreementEvent[] {
  const { agreementId, partyIds, effectiveDate } = drafted.data;
  const steps: [Stage, AgreementEvent[]][] = [
    ['draft', [drafted]],
    ['in_negotiation', [negotiationStarted(agreementId)]],
    ['in_review', [submitted(agreementId)]],
    ['approved', [approved(agreementId)]],
    [
      'signed',
      [
        ...[COMPANY, ...partyIds].map((partyId) => signedBy(agreementId, partyId, signedOn)),
        executed({ drafted, signedOn }, signedOn),
      ],
    ],
    ['active', [activated(agreementId, effectiveDate)]],
  ];
  const upTo = steps.findIndex(([reached]) => reached === stage);
  return steps.slice(0, upTo + 1).flatMap(([, events]) => events);
}

const agreement = () => given(agreementDecider);
const decide = (history: AgreementEvent[], command: AgreementCommand) =>
  decideAgreement(command, fold(agreementDecider, history));
/** The error a command is refused with, for the assertions `thenThrows` does not make (details, message). */
function refusal(history: AgreementEvent[], command: AgreementCommand): unknown {
  try {
    decide(history, command);
  } catch (error) {
    return error;
  }
  throw new Error(`${command.type} was not refused`);
}

const draft = (terms: AgreementTerms, parties: PartyCheck = utokyoParties): AgreementCommand => ({
  type: 'DraftAgreement',
  agreementId: A,
  agreementType: 'comprehensive_alliance',
  terms,
  parties,
  parent: null,
  draftedOn: null,
  execution: null,
  today: TODAY,
});
const revise = (
  changes: Partial<AgreementTerms>,
  parties: PartyCheck = utokyoParties,
  parent: ParentCheck | null = null,
): AgreementCommand => ({ type: 'ReviseTerms', changes, parties, parent });

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

describe('negotiation, review and approval', () => {
  it('takes a draft through negotiation, review and approval', () => {
    agreement()
      .given(historyOf(utokyo, 'draft'))
      .when({ type: 'StartNegotiation' })
      .then([negotiationStarted(A)]);
    agreement()
      .given(historyOf(utokyo, 'in_negotiation'))
      .when({ type: 'SubmitForReview' })
      .then([submitted(A)]);
    agreement()
      .given(historyOf(utokyo, 'in_review'))
      .when(approve('2016-06-15', TODAY))
      .then([approved(A, '2016-06-15')]);
  });

  it('sends a draft straight to review, without negotiation', () => {
    agreement()
      .given([utokyo.drafted])
      .when({ type: 'SubmitForReview' })
      .then([submitted(A)]);
  });

  it('records nothing when a step is repeated', () => {
    agreement().given(historyOf(utokyo, 'in_negotiation')).when({ type: 'StartNegotiation' }).thenNothing();
    agreement().given(historyOf(utokyo, 'in_review')).when({ type: 'SubmitForReview' }).thenNothing();
    agreement()
      .given(historyOf(utokyo, 'approved'))
      .when({ type: 'Approve', approvedBy: 'u-someone-else', approvedOn: '2016-06-16', today: TODAY })
      .thenNothing();
  });

  it.each(['in_review', 'approved', 'signed', 'active'] as const)('does not negotiate one %s', (stage) => {
    agreement()
      .given(historyOf(utokyo, stage))
      .when({ type: 'StartNegotiation' })
      .thenThrows(BusinessRuleError, 'not_a_draft');
  });

  it.each(['approved', 'signed', 'active'] as const)('does not review one %s', (stage) => {
    agreement()
      .given(historyOf(utokyo, stage))
      .when({ type: 'SubmitForReview' })
      .thenThrows(BusinessRuleError, 'not_reviewable');
  });

  it.each(['draft', 'in_negotiation', 'signed', 'active'] as const)('does not approve one %s', (stage) => {
    agreement().given(historyOf(utokyo, stage)).when(approve()).thenThrows(BusinessRuleError, 'not_in_review');
  });

  it('refuses every step on a terminated agreement', () => {
    const history = [...historyOf(utokyo, 'in_review'), terminated(A, '2016-05-01')];
    agreement().given(history).when({ type: 'StartNegotiation' }).thenThrows(BusinessRuleError, 'agreement_ended');
    agreement().given(history).when({ type: 'SubmitForReview' }).thenThrows(BusinessRuleError, 'agreement_ended');
    agreement().given(history).when(approve()).thenThrows(BusinessRuleError, 'agreement_ended');
  });

  it('is refused for an unknown agreement', () => {
    agreement().given([]).when({ type: 'StartNegotiation' }).thenThrows(NotFoundError, 'agreement_not_found');
    agreement().given([]).when({ type: 'SubmitForReview' }).thenThrows(NotFoundError, 'agreement_not_found');
    agreement().given([]).when(approve()).thenThrows(NotFoundError, 'agreement_not_found');
  });
});

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

const AMENDED_ON = '2020-04-01';

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

describe('termination', () => {
  it.each(['draft', 'in_negotiation', 'in_review', 'approved', 'signed', 'active'] as const)(
    'ends an agreement %s, with the reason and the date',
    (stage) => {
      agreement()
        .given(historyOf(utokyo, stage))
        .when({ type: 'Terminate', reason: 'partner withdrew', terminatedOn: '2020-01-31', today: TODAY })
        .then([terminated(A, '2020-01-31')]);
    },
  );

  it('is refused once terminated or expired', () => {
    const active = historyOf(utokyo, 'active');
    agreement()
      .given([...active, terminated(A, '2020-01-31')])
      .when({ type: 'Terminate', reason: 'again', terminatedOn: '2020-02-01', today: TODAY })
      .thenThrows(BusinessRuleError, 'agreement_ended');
    agreement()
      .given([...active, expired(A, '2026-07-01')])
      .when({ type: 'Terminate', reason: 'late', terminatedOn: '2026-07-02', today: TODAY })
      .thenThrows(BusinessRuleError, 'agreement_ended');
  });

  it('is refused for an unknown agreement', () => {
    agreement()
      .given([])
      .when({ type: 'Terminate', reason: 'x', terminatedOn: '2020-01-31', today: TODAY })
      .thenThrows(NotFoundError, 'agreement_not_found');
  });
});

describe('obligations (TG4050 co-development)', () => {
  const id = transgene.drafted.data.agreementId;
  const active = historyOf(transgene, 'active');
  const report = 'o-phase1-report';
  const add: AgreementCommand = {
    type: 'AddObligation',
    obligationId: report,
    kind: 'report',
    description: 'Phase I interim immunogenicity report',
    dueDate: '2024-06-30',
  };
  const added: AgreementEvent = {
    type: 'ObligationAdded',
    data: {
      agreementId: id,
      obligationId: report,
      kind: 'report',
      description: 'Phase I interim immunogenicity report',
      dueDate: '2024-06-30',
    },
  };
  const met = (metOn: IsoDate): AgreementEvent => ({
    type: 'ObligationMet',
    data: { agreementId: id, obligationId: report, metOn },
  });
  const waived: AgreementEvent = {
    type: 'ObligationWaived',
    data: { agreementId: id, obligationId: report, reason: 'superseded by the final report', waivedOn: '2024-07-10' },
  };
  const overdue: AgreementEvent = {
    type: 'ObligationOverdue',
    data: { agreementId: id, obligationId: report, dueDate: '2024-06-30' },
  };
  const withReport = [...active, added];
  const meet = (metOn: IsoDate): AgreementCommand => ({
    type: 'MeetObligation',
    obligationId: report,
    metOn,
    today: TODAY,
  });
  const waive: AgreementCommand = {
    type: 'WaiveObligation',
    obligationId: report,
    reason: 'superseded by the final report',
    waivedOn: '2024-07-10',
    today: TODAY,
  };
  const markOverdue = (today: IsoDate): AgreementCommand => ({
    type: 'MarkObligationOverdue',
    obligationId: report,
    today,
  });

  describe('adding', () => {
    it('records the obligation', () => {
      agreement().given(active).when(add).then([added]);
    });

    it('is allowed before signing', () => {
      agreement().given([transgene.drafted]).when(add).then([added]);
    });

    it('refuses the same id twice', () => {
      agreement().given(withReport).when(add).thenThrows(BusinessRuleError, 'obligation_exists');
    });

    it('is refused once the agreement has ended, and for an unknown agreement', () => {
      agreement()
        .given([...active, terminated(id, '2024-01-31')])
        .when(add)
        .thenThrows(BusinessRuleError, 'agreement_ended');
      agreement()
        .given([...active, expired(id, '2028-01-01')])
        .when(add)
        .thenThrows(BusinessRuleError, 'agreement_ended');
      agreement().given([]).when(add).thenThrows(NotFoundError, 'agreement_not_found');
    });
  });

  describe('meeting', () => {
    it('meets an open obligation, or an overdue one', () => {
      agreement()
        .given(withReport)
        .when(meet('2024-06-28'))
        .then([met('2024-06-28')]);
      agreement()
        .given([...withReport, overdue])
        .when(meet('2024-07-15'))
        .then([met('2024-07-15')]);
    });

    it('records nothing when met again', () => {
      agreement()
        .given([...withReport, met('2024-06-28')])
        .when(meet('2024-07-01'))
        .thenNothing();
    });

    it('refuses a waived obligation', () => {
      agreement()
        .given([...withReport, waived])
        .when(meet('2024-07-01'))
        .thenThrows(BusinessRuleError, 'obligation_closed');
    });
  });

  describe('waiving', () => {
    it('waives an open obligation, or an overdue one', () => {
      agreement().given(withReport).when(waive).then([waived]);
      agreement()
        .given([...withReport, overdue])
        .when(waive)
        .then([waived]);
    });

    it('records nothing when waived again', () => {
      agreement()
        .given([...withReport, waived])
        .when(waive)
        .thenNothing();
    });

    it('refuses a met obligation', () => {
      agreement()
        .given([...withReport, met('2024-06-28')])
        .when(waive)
        .thenThrows(BusinessRuleError, 'obligation_closed');
    });
  });

  describe('marking overdue (the scheduler)', () => {
    it('marks an open obligation overdue the day after it was due', () => {
      agreement().given(withReport).when(markOverdue('2024-07-01')).then([overdue]);
      agreement().given(withReport).when(markOverdue('2024-09-01')).then([overdue]);
    });

    it('does nothing on the due date or before', () => {
      agreement().given(withReport).when(markOverdue('2024-06-30')).thenNothing();
      agreement().given(withReport).when(markOverdue('2024-01-01')).thenNothing();
    });

    it('does nothing for an obligation already overdue, met or waived', () => {
      agreement()
        .given([...withReport, overdue])
        .when(markOverdue('2024-07-02'))
        .thenNothing();
      agreement()
        .given([...withReport, met('2024-06-28')])
        .when(markOverdue('2024-07-01'))
        .thenNothing();
      agreement()
        .given([...withReport, waived])
        .when(markOverdue('2024-07-01'))
        .thenNothing();
    });

    it('never marks one on an agreement that has ended', () => {
      agreement()
        .given([...withReport, terminated(id, '2024-03-31')])
        .when(markOverdue('2024-07-01'))
        .thenNothing();
      agreement()
        .given([...withReport, expired(id, '2024-05-01')])
        .when(markOverdue('2024-07-01'))
        .thenNothing();
    });
  });

  it('are not found when unknown, whatever the command', () => {
    const other = 'o-missing';
    for (const command of [
      { type: 'MeetObligation', obligationId: other, metOn: '2024-07-01', today: TODAY },
      { type: 'WaiveObligation', obligationId: other, reason: 'x', waivedOn: '2024-07-01', today: TODAY },
      { type: 'MarkObligationOverdue', obligationId: other, today: '2024-07-01' },
    ] satisfies AgreementCommand[]) {
      agreement().given(withReport).when(command).thenThrows(NotFoundError, 'obligation_not_found');
      agreement().given([]).when(command).thenThrows(NotFoundError, 'agreement_not_found');
    }
  });
});

describe('a whole life, command by command', () => {
  it('folds what each decision records into the state the next one is decided on', () => {
    const commands: AgreementCommand[] = [
      draft(allianceTerms),
      revise({ noticePeriodDays: 120 }),
      { type: 'StartNegotiation' },
      { type: 'SubmitForReview' },
      approve('2016-06-15'),
      { type: 'Sign', partyId: 'p-utokyo', signedOn: '2016-06-20', today: '2016-06-20' },
      { type: 'Sign', partyId: COMPANY, signedOn: '2016-06-22', today: '2016-06-22' },
      { type: 'Activate', today: '2016-07-01' },
      {
        type: 'Amend',
        summary: 'Adds quantum computing',
        changes: { technologyAreas: ['ai', 'quantum-computing'] },
        effectiveOn: AMENDED_ON,
        today: TODAY,
      },
      { type: 'OpenRenewalWindow', today: '2026-05-16' },
      { type: 'Renew', newExpiryDate: '2031-06-30', renewedOn: '2026-05-20', today: '2026-05-20' },
      { type: 'OpenRenewalWindow', today: '2031-04-01' },
    ];
    const history: AgreementEvent[] = [];
    for (const command of commands) history.push(...decide(history, command));
    expect(history.map((event) => event.type)).toEqual([
      'AgreementDrafted',
      'AgreementTermsRevised',
      'AgreementNegotiationStarted',
      'AgreementSubmittedForReview',
      'AgreementApproved',
      'AgreementSignedByParty',
      'AgreementSignedByParty',
      'AgreementFullyExecuted',
      'AgreementActivated',
      'AgreementAmended',
      'AgreementRenewalWindowOpened',
      'AgreementRenewed',
      'AgreementRenewalWindowOpened',
    ]);
    expect(fold(agreementDecider, history)).toEqual({
      exists: true,
      agreementId: A,
      type: 'comprehensive_alliance',
      terms: {
        ...allianceTerms,
        noticePeriodDays: 120,
        technologyAreas: ['ai', 'quantum-computing'],
        expiryDate: '2031-06-30',
      },
      status: 'active',
      signatures: { 'p-utokyo': '2016-06-20', company: '2016-06-22' },
      draftedOn: null,
      approvedOn: '2016-06-15',
      executedOn: '2016-06-22',
      amendments: 1,
      renewals: 1,
      // Ten years from 2016-07-01, as first agreed.
      term: { months: 120 },
      windowsOpened: [90],
      obligations: {},
    });
  });
});

describe('terms', () => {
  it('are whole months when they are, and days otherwise', () => {
    expect(termOf('2016-07-01', '2026-06-30')).toEqual({ months: 120 });
    expect(termOf('2023-04-01', '2025-03-31')).toEqual({ months: 24 });
    expect(termOf('2025-01-10', '2025-02-05')).toEqual({ days: 27 });
    expect(extendBy('2026-03-31', { months: 12 })).toBe('2027-03-31');
    expect(extendBy('2024-02-29', { months: 12 })).toBe('2025-02-28');
    expect(extendBy('2025-02-27', { days: 28 })).toBe('2025-03-27');
  });
});

describe('dates', () => {
  it('counts the days between two dates, across month, year and leap-year boundaries', () => {
    expect(daysBetween('2026-06-30', '2026-06-30')).toBe(0);
    expect(daysBetween('2026-01-31', '2026-02-01')).toBe(1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2026-04-01', '2026-06-30')).toBe(90);
    expect(daysBetween('2026-07-01', '2026-06-30')).toBe(-1);
  });

  it('adds days, forwards and backwards, across month, year and leap-year boundaries', () => {
    expect(addDays('2026-06-30', 0)).toBe('2026-06-30');
    expect(addDays('2026-06-30', 1)).toBe('2026-07-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-03-31', -31)).toBe('2024-02-29');
    expect(addDays('2026-06-30', -90)).toBe('2026-04-01');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
  });

  it('are inverse of each other', () => {
    for (const [from, days] of [
      ['2016-07-01', 3651],
      ['2024-02-29', 365],
      ['2023-03-31', -400],
    ] as const) {
      expect(daysBetween(from, addDays(from, days))).toBe(days);
    }
  });
});
