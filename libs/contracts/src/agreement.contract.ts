/**
 * The agreement service's public API on Kafka, version 1 (same conventions as the partner topic:
 * key = agreement id, JSON value, CloudEvents headers).
 *
 * The message most services want is `accord.partnership.established.v1`: an agreement has been
 * signed by every party. Provision a workspace, notify legal and the IP office, open a cost centre.
 */
import {
  arrayOf,
  bool,
  choice,
  date,
  dateTime,
  literal,
  messageSchema,
  nullable,
  object,
  withOptional,
  str,
  uuid,
  aggregateVersion,
} from './json-schema';

export const AGREEMENT_TOPIC = 'accord.agreements';
export const AGREEMENT_TOPIC_CONFIG = { topic: AGREEMENT_TOPIC, numPartitions: 6 };

export const AGREEMENT_TYPES_V1 = [
  'nda',
  'mou',
  'joint_research',
  'comprehensive_alliance',
  'co_development',
  'license',
  'consortium_membership',
  'investment',
  'scholarship_internship',
  'testbed',
] as const;
export const AGREEMENT_STATUSES_V1 = [
  'draft',
  'in_negotiation',
  'in_review',
  'approved',
  'signed',
  'active',
  'expired',
  'terminated',
  'superseded',
] as const;
export const FUNDING_DIRECTIONS_V1 = ['inbound', 'outbound', 'in_kind'] as const;
export const FOREGROUND_OWNERSHIP_V1 = ['company', 'partner', 'joint'] as const;
export const OBLIGATION_KINDS_V1 = ['report', 'milestone_evidence', 'payment', 'publication_review', 'other'] as const;

export type AgreementTypeV1 = (typeof AGREEMENT_TYPES_V1)[number];
export type AgreementStatusV1 = (typeof AGREEMENT_STATUSES_V1)[number];
export type ObligationKindV1 = (typeof OBLIGATION_KINDS_V1)[number];

/** What every agreement message carries. */
export interface AgreementMessageFields {
  agreementId: string;
  /** The agreement's version after this change. */
  version: number;
  occurredAt: string;
  /**
   * The agreement as it stands after this change, whole (absent from messages published before it
   * was added): a subscriber's copy takes it whenever the message is newer than the copy, so the copy
   * is right whatever order messages arrive in (a dead letter replayed after newer messages included).
   */
  agreement?: AgreementStateV1;
}

export interface AgreementStateV1 {
  title: string;
  status: AgreementStatusV1;
  partnerIds: string[];
  effectiveDate: string;
  expiryDate: string | null;
}

export interface AgreementMessageBase extends AgreementMessageFields {
  /** The agreement's status after this change, when the change moved it. */
  status?: AgreementStatusV1;
}

export interface FundingV1 {
  direction: (typeof FUNDING_DIRECTIONS_V1)[number];
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
  schedule: string | null;
}

export interface IpTermsV1 {
  foregroundOwnership: (typeof FOREGROUND_OWNERSHIP_V1)[number];
  publicationReviewDays: number;
  backgroundIpListed: boolean;
}

/** The terms a revision changed (before signing), with the field names the agreement service uses. */
export interface AgreementTermsChangesV1 {
  title?: string;
  purpose?: string | null;
  partyIds?: string[];
  ownerId?: string;
  parentAgreementId?: string | null;
  technologyAreas?: string[];
  effectiveDate?: string;
  expiryDate?: string | null;
  autoRenew?: boolean;
  noticePeriodDays?: number;
  funding?: FundingV1[];
  ipTerms?: IpTermsV1;
}

/** The terms an amendment (after signing) changed. */
export type AgreementAmendmentChangesV1 = Pick<
  AgreementTermsChangesV1,
  'purpose' | 'expiryDate' | 'autoRenew' | 'noticePeriodDays' | 'funding' | 'ipTerms' | 'technologyAreas'
>;

/**
 * Dates named `...On` are business dates (YYYY-MM-DD): the day the act happened in the world, which
 * may be years before `occurredAt`, when Accord recorded it.
 */
export interface PartnershipEstablishedV1 extends AgreementMessageFields {
  agreementType: AgreementTypeV1;
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

export interface AgreementDraftedV1 extends AgreementMessageFields {
  agreementType: AgreementTypeV1;
  title: string;
  partnerIds: string[];
  ownerId: string;
  parentAgreementId: string | null;
  technologyAreas: string[];
  effectiveDate: string;
  expiryDate: string | null;
  status: 'draft';
  /** The day the draft was made, when the user gave it. */
  draftedOn?: string;
}

export interface AgreementTermsRevisedV1 extends AgreementMessageFields {
  changes: AgreementTermsChangesV1;
}

export interface AgreementNegotiationStartedV1 extends AgreementMessageFields {
  status: 'in_negotiation';
  /** The day negotiation started (absent when not given). */
  startedOn?: string;
}

export interface AgreementSubmittedForReviewV1 extends AgreementMessageFields {
  status: 'in_review';
  /** The day it went to review (absent when not given, as for an agreement logged already signed). */
  submittedOn?: string;
}

export interface AgreementApprovedV1 extends AgreementMessageFields {
  status: 'approved';
  approvedBy: string;
  /** The day it was approved (absent from messages published before approvals carried their date). */
  approvedOn?: string;
}

export interface AgreementSignedByPartyV1 extends AgreementMessageFields {
  /** A partner id, or `company` for our own side. */
  partyId: string;
  signedOn: string;
}

export interface AgreementActivatedV1 extends AgreementMessageFields {
  status: 'active';
  activatedOn: string;
}

export interface AgreementAmendedV1 extends AgreementMessageFields {
  amendment: number;
  summary: string;
  changes: AgreementAmendmentChangesV1;
  /** The day the amendment took effect. */
  effectiveOn?: string;
}

export interface AgreementRenewalWindowOpenedV1 extends AgreementMessageFields {
  daysBeforeExpiry: number;
  expiryDate: string;
}

export interface AgreementRenewedV1 extends AgreementMessageFields {
  previousExpiryDate: string;
  newExpiryDate: string;
  renewal: number;
  automatic: boolean;
  /** The day a user's renewal was agreed (absent from automatic renewals, which renew on the expiry). */
  renewedOn?: string;
}

export interface AgreementExpiredV1 extends AgreementMessageFields {
  status: 'expired';
  expiredOn: string;
}

export interface AgreementTerminatedV1 extends AgreementMessageFields {
  status: 'terminated';
  reason: string;
  terminatedOn: string;
}

export interface AgreementObligationAddedV1 extends AgreementMessageFields {
  obligationId: string;
  kind: ObligationKindV1;
  description: string;
  dueDate: string;
}

export interface AgreementObligationMetV1 extends AgreementMessageFields {
  obligationId: string;
  metOn: string;
}

export interface AgreementObligationWaivedV1 extends AgreementMessageFields {
  obligationId: string;
  reason: string;
  /** The day it was waived. */
  waivedOn?: string;
}

export interface AgreementObligationOverdueV1 extends AgreementMessageFields {
  obligationId: string;
  dueDate: string;
}

/** Any other change: the fields that changed, by name, next to the base fields. */
export type AgreementChangedV1 = AgreementMessageBase & Record<string, unknown>;

export const AGREEMENT_MESSAGE_TYPES = {
  agreementDrafted: 'accord.agreement.drafted.v1',
  agreementTermsRevised: 'accord.agreement.terms-revised.v1',
  agreementNegotiationStarted: 'accord.agreement.negotiation-started.v1',
  agreementSubmittedForReview: 'accord.agreement.submitted-for-review.v1',
  agreementApproved: 'accord.agreement.approved.v1',
  agreementSignedByParty: 'accord.agreement.signed-by-party.v1',
  partnershipEstablished: 'accord.partnership.established.v1',
  agreementActivated: 'accord.agreement.activated.v1',
  agreementAmended: 'accord.agreement.amended.v1',
  agreementRenewalWindowOpened: 'accord.agreement.renewal-window-opened.v1',
  agreementRenewed: 'accord.agreement.renewed.v1',
  agreementExpired: 'accord.agreement.expired.v1',
  agreementTerminated: 'accord.agreement.terminated.v1',
  agreementObligationAdded: 'accord.agreement.obligation-added.v1',
  agreementObligationMet: 'accord.agreement.obligation-met.v1',
  agreementObligationWaived: 'accord.agreement.obligation-waived.v1',
  agreementObligationOverdue: 'accord.agreement.obligation-overdue.v1',
} as const;

/** Each agreement message type's payload. */
export interface AgreementMessagePayloads {
  [AGREEMENT_MESSAGE_TYPES.agreementDrafted]: AgreementDraftedV1;
  [AGREEMENT_MESSAGE_TYPES.agreementTermsRevised]: AgreementTermsRevisedV1;
  [AGREEMENT_MESSAGE_TYPES.agreementNegotiationStarted]: AgreementNegotiationStartedV1;
  [AGREEMENT_MESSAGE_TYPES.agreementSubmittedForReview]: AgreementSubmittedForReviewV1;
  [AGREEMENT_MESSAGE_TYPES.agreementApproved]: AgreementApprovedV1;
  [AGREEMENT_MESSAGE_TYPES.agreementSignedByParty]: AgreementSignedByPartyV1;
  [AGREEMENT_MESSAGE_TYPES.partnershipEstablished]: PartnershipEstablishedV1;
  [AGREEMENT_MESSAGE_TYPES.agreementActivated]: AgreementActivatedV1;
  [AGREEMENT_MESSAGE_TYPES.agreementAmended]: AgreementAmendedV1;
  [AGREEMENT_MESSAGE_TYPES.agreementRenewalWindowOpened]: AgreementRenewalWindowOpenedV1;
  [AGREEMENT_MESSAGE_TYPES.agreementRenewed]: AgreementRenewedV1;
  [AGREEMENT_MESSAGE_TYPES.agreementExpired]: AgreementExpiredV1;
  [AGREEMENT_MESSAGE_TYPES.agreementTerminated]: AgreementTerminatedV1;
  [AGREEMENT_MESSAGE_TYPES.agreementObligationAdded]: AgreementObligationAddedV1;
  [AGREEMENT_MESSAGE_TYPES.agreementObligationMet]: AgreementObligationMetV1;
  [AGREEMENT_MESSAGE_TYPES.agreementObligationWaived]: AgreementObligationWaivedV1;
  [AGREEMENT_MESSAGE_TYPES.agreementObligationOverdue]: AgreementObligationOverdueV1;
}

// ---------------------------------------------------------------------------------------------
// JSON Schemas

const base = {
  agreementId: uuid('The agreement (also the message key).'),
  version: aggregateVersion('agreement'),
  occurredAt: dateTime('When the change was made.'),
} as const;

const status = <const S extends string>(value: S) => literal(value, "The agreement's status after this change.");

const agreementType = choice(AGREEMENT_TYPES_V1, 'The kind of agreement.');
const title = str("The agreement's title.");
const partyIds = arrayOf(uuid('A partner.'), 'The partners that are parties to it (our own side is implied).');
const ownerId = str('The alliance manager who owns it (a user id).');
const parentAgreementId = nullable(uuid('The master agreement this one falls under, or null.'));
const technologyAreas = arrayOf(str('A tag.'), 'Technology areas: lower-case, hyphenated tags.');
const effectiveDate = date('The day it takes effect.');
const expiryDate = nullable(date('Its last valid day, or null when open-ended.'));
const currency = { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code.' } as const;
const funding = arrayOf(
  object({
    direction: choice(FUNDING_DIRECTIONS_V1, 'Money coming in, going out, or contributed in kind.'),
    amount: { type: 'number', exclusiveMinimum: 0, description: 'In the currency below, greater than 0.' },
    currency,
    schedule: nullable(str('How it is paid ("annually over 10 years"), or null.')),
  }),
  'The funding lines.',
);
const ipTerms = object(
  {
    foregroundOwnership: choice(FOREGROUND_OWNERSHIP_V1, 'Who owns the IP created under the agreement.'),
    publicationReviewDays: {
      type: 'integer',
      minimum: 0,
      description: 'Days each party has to review a publication.',
    },
    backgroundIpListed: bool('Whether background IP is listed in the agreement.'),
  },
  {},
  'The IP terms.',
);
const amendableTerms = {
  purpose: nullable(str('What the agreement is for, or null.')),
  expiryDate,
  autoRenew: bool('Whether it renews by one more term when it expires.'),
  noticePeriodDays: { type: 'integer', minimum: 0, description: 'Notice period, in days.' },
  funding,
  ipTerms,
  technologyAreas,
} as const;
const obligationId = uuid('The obligation, within the agreement.');
const announced = {
  agreementType,
  title,
  partnerIds: partyIds,
  ownerId,
  parentAgreementId,
  technologyAreas,
  effectiveDate,
  expiryDate,
} as const;

export const agreementDraftedV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementDrafted,
  'AgreementDraftedV1',
  'An agreement was drafted.',
  object(
    { ...base, ...announced, status: status('draft') },
    { draftedOn: date('The day the draft was made (a business date), when the user gave it.') },
  ),
);

export const agreementTermsRevisedV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementTermsRevised,
  'AgreementTermsRevisedV1',
  'The terms of a draft (or an agreement in negotiation) were revised.',
  object({
    ...base,
    changes: object(
      {},
      { title, partyIds, ownerId, parentAgreementId, effectiveDate, ...amendableTerms },
      'Only the terms that changed, with their new values (note: the parties are `partyIds` here).',
    ),
  }),
);

export const agreementNegotiationStartedV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementNegotiationStarted,
  'AgreementNegotiationStartedV1',
  'Negotiation of a draft started.',
  object(
    { ...base, status: status('in_negotiation') },
    { startedOn: date('The day negotiation started (a business date; absent from older messages).') },
  ),
);

export const agreementSubmittedForReviewV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementSubmittedForReview,
  'AgreementSubmittedForReviewV1',
  'An agreement was submitted for review.',
  object(
    { ...base, status: status('in_review') },
    { submittedOn: date('The day it went to review (a business date; absent when not known).') },
  ),
);

export const agreementApprovedV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementApproved,
  'AgreementApprovedV1',
  'An agreement was approved for signature.',
  object(
    { ...base, status: status('approved'), approvedBy: str('Who approved it (a user id).') },
    { approvedOn: date('The day it was approved (a business date; absent from older messages).') },
  ),
);

export const agreementSignedByPartyV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementSignedByParty,
  'AgreementSignedByPartyV1',
  'One party signed (the agreement is fully executed once every party has: see partnership.established).',
  object({
    ...base,
    partyId: str('The partner id (a UUID) that signed, or `company` for our own side.'),
    signedOn: date('The day it signed (a business date: it may be long before occurredAt).'),
  }),
);

export const partnershipEstablishedV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.partnershipEstablished,
  'PartnershipEstablishedV1',
  'An agreement was signed by every party: the partnership is established. Provision a workspace, notify legal and the IP office.',
  object({
    ...base,
    ...announced,
    executedOn: date(
      'The day the partnership was established: the day the last party signed, in the world. A partnership ' +
        'logged long after it was signed carries its real date here; occurredAt is when Accord recorded it.',
    ),
    status: choice(
      ['signed', 'active'],
      "The agreement's status after this change (`signed`; active from its effective date).",
    ),
  }),
);

export const agreementActivatedV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementActivated,
  'AgreementActivatedV1',
  'A signed agreement came into force (its effective date came).',
  object({
    ...base,
    status: status('active'),
    activatedOn: date('The day it came into force: its effective date, or its execution if that came later.'),
  }),
);

export const agreementAmendedV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementAmended,
  'AgreementAmendedV1',
  'A signed agreement was amended.',
  object(
    {
      ...base,
      amendment: { type: 'integer', minimum: 1, description: 'The number of this amendment (1, 2, ...).' },
      summary: str('What the amendment does.'),
      changes: object({}, amendableTerms, 'Only the terms that changed, with their new values.'),
    },
    { effectiveOn: date('The day the amendment took effect (a business date; absent from older messages).') },
  ),
);

export const agreementRenewalWindowOpenedV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementRenewalWindowOpened,
  'AgreementRenewalWindowOpenedV1',
  'A renewal window opened: the agreement expires in 90, 60 or 30 days.',
  object({
    ...base,
    daysBeforeExpiry: { type: 'integer', minimum: 0, description: 'The window: 90, 60 or 30 days before expiry.' },
    expiryDate: date('The expiry date the window is for.'),
  }),
);

export const agreementRenewedV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementRenewed,
  'AgreementRenewedV1',
  'An agreement was renewed: its expiry date moved later (the same agreement id continues).',
  object(
    {
      ...base,
      previousExpiryDate: date('The expiry date before the renewal.'),
      newExpiryDate: date('The new expiry date.'),
      renewal: { type: 'integer', minimum: 1, description: 'The number of this renewal (1, 2, ...).' },
      automatic: bool('True when renewed automatically (autoRenew), false when renewed by a user.'),
    },
    { renewedOn: date("The day a user's renewal was agreed (a business date; absent from automatic renewals).") },
  ),
);

export const agreementExpiredV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementExpired,
  'AgreementExpiredV1',
  'An agreement expired.',
  object({
    ...base,
    status: status('expired'),
    expiredOn: date('The day it expired (the day after its expiry date).'),
  }),
);

export const agreementTerminatedV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementTerminated,
  'AgreementTerminatedV1',
  'An agreement was terminated.',
  object({
    ...base,
    status: status('terminated'),
    reason: str('Why.'),
    terminatedOn: date('The day the termination took effect (a business date).'),
  }),
);

export const agreementObligationAddedV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementObligationAdded,
  'AgreementObligationAddedV1',
  'An obligation was added to an agreement.',
  object({
    ...base,
    obligationId,
    kind: choice(OBLIGATION_KINDS_V1, 'What kind of obligation.'),
    description: str('What is owed.'),
    dueDate: date('When it is due.'),
  }),
);

export const agreementObligationMetV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementObligationMet,
  'AgreementObligationMetV1',
  'An obligation was met.',
  object({ ...base, obligationId, metOn: date('The day it was met (a business date).') }),
);

export const agreementObligationWaivedV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementObligationWaived,
  'AgreementObligationWaivedV1',
  'An obligation was waived.',
  object(
    { ...base, obligationId, reason: str('Why.') },
    { waivedOn: date('The day it was waived (a business date; absent from older messages).') },
  ),
);

export const agreementObligationOverdueV1Schema = messageSchema(
  AGREEMENT_MESSAGE_TYPES.agreementObligationOverdue,
  'AgreementObligationOverdueV1',
  'An obligation passed its due date without being met or waived.',
  object({ ...base, obligationId, dueDate: date('When it was due.') }),
);

const agreementState = object(
  {
    title,
    status: choice(AGREEMENT_STATUSES_V1, "The agreement's status."),
    partnerIds: partyIds,
    effectiveDate,
    expiryDate,
  },
  {},
  'The agreement as it stands after this change, whole: a copy takes it whenever the message is newer than the copy, in whatever order messages arrive. Absent from messages published before it was added.',
);
/** Every agreement message may carry the agreement's state after it. */
const stated = <const S extends { properties: object }>(schema: S) =>
  withOptional(schema, { agreement: agreementState });

/** Each agreement message type's JSON Schema. */
export const AGREEMENT_MESSAGE_SCHEMAS = {
  [AGREEMENT_MESSAGE_TYPES.agreementDrafted]: stated(agreementDraftedV1Schema),
  [AGREEMENT_MESSAGE_TYPES.agreementTermsRevised]: stated(agreementTermsRevisedV1Schema),
  [AGREEMENT_MESSAGE_TYPES.agreementNegotiationStarted]: stated(agreementNegotiationStartedV1Schema),
  [AGREEMENT_MESSAGE_TYPES.agreementSubmittedForReview]: stated(agreementSubmittedForReviewV1Schema),
  [AGREEMENT_MESSAGE_TYPES.agreementApproved]: stated(agreementApprovedV1Schema),
  [AGREEMENT_MESSAGE_TYPES.agreementSignedByParty]: stated(agreementSignedByPartyV1Schema),
  [AGREEMENT_MESSAGE_TYPES.partnershipEstablished]: stated(partnershipEstablishedV1Schema),
  [AGREEMENT_MESSAGE_TYPES.agreementActivated]: stated(agreementActivatedV1Schema),
  [AGREEMENT_MESSAGE_TYPES.agreementAmended]: stated(agreementAmendedV1Schema),
  [AGREEMENT_MESSAGE_TYPES.agreementRenewalWindowOpened]: stated(agreementRenewalWindowOpenedV1Schema),
  [AGREEMENT_MESSAGE_TYPES.agreementRenewed]: stated(agreementRenewedV1Schema),
  [AGREEMENT_MESSAGE_TYPES.agreementExpired]: stated(agreementExpiredV1Schema),
  [AGREEMENT_MESSAGE_TYPES.agreementTerminated]: stated(agreementTerminatedV1Schema),
  [AGREEMENT_MESSAGE_TYPES.agreementObligationAdded]: stated(agreementObligationAddedV1Schema),
  [AGREEMENT_MESSAGE_TYPES.agreementObligationMet]: stated(agreementObligationMetV1Schema),
  [AGREEMENT_MESSAGE_TYPES.agreementObligationWaived]: stated(agreementObligationWaivedV1Schema),
  [AGREEMENT_MESSAGE_TYPES.agreementObligationOverdue]: stated(agreementObligationOverdueV1Schema),
} as const;
