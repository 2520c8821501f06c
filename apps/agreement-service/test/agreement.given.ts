import { fold } from '@accord/event-store';
import { given } from '@accord/event-store/testing';
import { COMPANY, type AgreementEvent } from '../src/agreements/agreement';
import type { AgreementTerms, ParentCheck, PartyCheck } from '../src/agreements/agreement-terms';
import type { IsoDate } from '../src/agreements/calendar';
import { agreementDecider, decideAgreement, type AgreementCommand } from '../src/agreements/agreement.decide';

/**
 * The agreement decider's shared fixtures: real agreements (the University of Tokyo alliance, NICT's
 * QKD research, the TG4050 co-development, the Bihar MOU, a QKD testbed consortium), the events of
 * their ordinary path, and given/when/then helpers. Used by each slice's pure spec.
 */
export type Drafted = Extract<AgreementEvent, { type: 'AgreementDrafted' }>;
export type Stage = 'draft' | 'in_negotiation' | 'in_review' | 'approved' | 'signed' | 'active';

/** A drafted agreement, and the day all its parties sign once approved (before its effective date). */
export interface Case {
  drafted: Drafted;
  signedOn: IsoDate;
}

export const LEGAL = 'u-legal-sato';
/** The day commands are decided on when a test does not say: logging after the fact is the rule. */
export const TODAY = '2026-12-05';

// The University of Tokyo comprehensive alliance (2016): ten years of AI and brain-morphic computing.
export const A = 'a-utokyo-2016';
export const allianceTerms: AgreementTerms = {
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
export const utokyo: Case = {
  drafted: { type: 'AgreementDrafted', data: { agreementId: A, type: 'comprehensive_alliance', ...allianceTerms } },
  signedOn: '2016-06-22',
};
export const utokyoParties: PartyCheck = { 'p-utokyo': 'registered' };

// NICT joint R&D on quantum cryptography: two-year terms, renewed automatically.
export const nictTerms: AgreementTerms = {
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
export const nict: Case = {
  drafted: { type: 'AgreementDrafted', data: { agreementId: 'a-nict-qkd', type: 'joint_research', ...nictTerms } },
  signedOn: '2023-03-24',
};

// The Transgene TG4050 co-development (individualised neoantigen cancer vaccine): obligations.
export const transgene: Case = {
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
export const bihar: Case = {
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
export const testbed: Case = {
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

export const negotiationStarted = (agreementId: string): AgreementEvent => ({
  type: 'AgreementNegotiationStarted',
  data: { agreementId },
});
export const submitted = (agreementId: string): AgreementEvent => ({
  type: 'AgreementSubmittedForReview',
  data: { agreementId },
});
/** Without a date: approvals stored before they carried their business date. */
export const approved = (agreementId: string, approvedOn?: IsoDate): AgreementEvent => ({
  type: 'AgreementApproved',
  data: { agreementId, approvedBy: LEGAL, ...(approvedOn ? { approvedOn } : {}) },
});
export const approve = (approvedOn: IsoDate = '2016-06-15', today: IsoDate = approvedOn): AgreementCommand => ({
  type: 'Approve',
  approvedBy: LEGAL,
  approvedOn,
  today,
});
export const signedBy = (agreementId: string, partyId: string, signedOn: IsoDate): AgreementEvent => ({
  type: 'AgreementSignedByParty',
  data: { agreementId, partyId, signedOn },
});
/** Full execution carries the type and the terms as executed (for the partner service and the views). */
export const executed = ({ drafted }: Case, executedOn: IsoDate): AgreementEvent => {
  const { agreementId, type: agreementType, ...terms } = drafted.data;
  return { type: 'AgreementFullyExecuted', data: { agreementId, executedOn, agreementType, terms } };
};
export const activated = (agreementId: string, activatedOn: IsoDate): AgreementEvent => ({
  type: 'AgreementActivated',
  data: { agreementId, activatedOn },
});
export const terminated = (agreementId: string, terminatedOn: IsoDate): AgreementEvent => ({
  type: 'AgreementTerminated',
  data: { agreementId, reason: 'partner withdrew', terminatedOn },
});
export const expired = (agreementId: string, expiredOn: IsoDate): AgreementEvent => ({
  type: 'AgreementExpired',
  data: { agreementId, expiredOn },
});
export const windowOpened = (daysBeforeExpiry: number, expiryDate: IsoDate = '2026-06-30'): AgreementEvent => ({
  type: 'AgreementRenewalWindowOpened',
  data: { agreementId: A, daysBeforeExpiry, expiryDate },
});
export const renewed = (
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
export function historyOf({ drafted, signedOn }: Case, stage: Stage): AgreementEvent[] {
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

export const agreement = () => given(agreementDecider);
export const decide = (history: AgreementEvent[], command: AgreementCommand) =>
  decideAgreement(command, fold(agreementDecider, history));
/** The error a command is refused with, for the assertions `thenThrows` does not make (details, message). */
export function refusal(history: AgreementEvent[], command: AgreementCommand): unknown {
  try {
    decide(history, command);
  } catch (error) {
    return error;
  }
  throw new Error(`${command.type} was not refused`);
}

export const draft = (terms: AgreementTerms, parties: PartyCheck = utokyoParties): AgreementCommand => ({
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
export const revise = (
  changes: Partial<AgreementTerms>,
  parties: PartyCheck = utokyoParties,
  parent: ParentCheck | null = null,
): AgreementCommand => ({ type: 'ReviseTerms', changes, parties, parent });

/** The day the alliance was amended, in the amendment specs and the whole life. */
export const AMENDED_ON = '2020-04-01';
