/**
 * The agreement service's public API on Kafka, version 1 (same conventions as the partner topic:
 * key = agreement id, JSON value, CloudEvents headers).
 *
 * The message most services want is `accord.partnership.established.v1`: an agreement has been
 * signed by every party. Provision a workspace, notify legal and the IP office, open a cost centre.
 */
export const AGREEMENT_TOPIC = 'accord.agreements';
export const AGREEMENT_TOPIC_CONFIG = { topic: AGREEMENT_TOPIC, numPartitions: 6 };

export type AgreementStatusV1 =
  'draft' | 'in_negotiation' | 'in_review' | 'approved' | 'signed' | 'active' | 'expired' | 'terminated' | 'superseded';

export interface AgreementMessageBase {
  agreementId: string;
  /** The agreement's version after this change. */
  version: number;
  occurredAt: string;
  /** The agreement's status after this change, when the change moved it. */
  status?: AgreementStatusV1;
}

export interface PartnershipEstablishedV1 extends AgreementMessageBase {
  agreementType: string;
  title: string;
  partnerIds: string[];
  ownerId: string;
  parentAgreementId: string | null;
  technologyAreas: string[];
  effectiveDate: string;
  expiryDate: string | null;
  executedOn: string;
  status: 'signed' | 'active';
}

export interface AgreementDraftedV1 extends AgreementMessageBase {
  agreementType: string;
  title: string;
  partnerIds: string[];
  ownerId: string;
  parentAgreementId: string | null;
  technologyAreas: string[];
  effectiveDate: string;
  expiryDate: string | null;
  status: 'draft';
}

/** Any other change: the fields that changed, by name, next to the base fields. */
export type AgreementChangedV1 = AgreementMessageBase & Record<string, unknown>;

export const AGREEMENT_MESSAGE_TYPES = {
  AgreementDrafted: 'accord.agreement.drafted.v1',
  AgreementTermsRevised: 'accord.agreement.terms-revised.v1',
  AgreementNegotiationStarted: 'accord.agreement.negotiation-started.v1',
  AgreementSubmittedForReview: 'accord.agreement.submitted-for-review.v1',
  AgreementApproved: 'accord.agreement.approved.v1',
  AgreementSignedByParty: 'accord.agreement.signed-by-party.v1',
  AgreementFullyExecuted: 'accord.partnership.established.v1',
  AgreementActivated: 'accord.agreement.activated.v1',
  AgreementAmended: 'accord.agreement.amended.v1',
  AgreementRenewalWindowOpened: 'accord.agreement.renewal-window-opened.v1',
  AgreementRenewed: 'accord.agreement.renewed.v1',
  AgreementExpired: 'accord.agreement.expired.v1',
  AgreementTerminated: 'accord.agreement.terminated.v1',
  ObligationAdded: 'accord.agreement.obligation-added.v1',
  ObligationMet: 'accord.agreement.obligation-met.v1',
  ObligationWaived: 'accord.agreement.obligation-waived.v1',
  ObligationOverdue: 'accord.agreement.obligation-overdue.v1',
} as const;
