import { AGREEMENT_MESSAGE_TYPES } from './agreement.contract';
import { PARTNER_MESSAGE_TYPES } from './partner.contract';
import { PROJECT_MESSAGE_TYPES } from './project.contract';
import type { MessagePayloads, MessageType } from './registry';

/**
 * The payload field that holds each message's business date: the day the act happened in the world
 * (`YYYY-MM-DD`), as opposed to `occurredAt`, when Accord recorded it, which may be years later.
 * The compiler holds each field to its type's payload. A message without the field (published
 * before the type carried it) happened, as far as anyone said, when it was recorded.
 */
export const BUSINESS_DATE_FIELDS: { [T in MessageType]?: keyof MessagePayloads[T] & string } = {
  [PARTNER_MESSAGE_TYPES.PartnerTierChanged]: 'changedOn',
  [PARTNER_MESSAGE_TYPES.PartnerActivated]: 'activatedOn',
  [PARTNER_MESSAGE_TYPES.PartnerMarkedDormant]: 'markedDormantOn',
  [PARTNER_MESSAGE_TYPES.PartnerArchived]: 'archivedOn',
  [PARTNER_MESSAGE_TYPES.PartnerRestored]: 'restoredOn',
  [AGREEMENT_MESSAGE_TYPES.AgreementDrafted]: 'draftedOn',
  [AGREEMENT_MESSAGE_TYPES.AgreementNegotiationStarted]: 'startedOn',
  [AGREEMENT_MESSAGE_TYPES.AgreementSubmittedForReview]: 'submittedOn',
  [AGREEMENT_MESSAGE_TYPES.AgreementApproved]: 'approvedOn',
  [AGREEMENT_MESSAGE_TYPES.AgreementSignedByParty]: 'signedOn',
  [AGREEMENT_MESSAGE_TYPES.AgreementFullyExecuted]: 'executedOn',
  [AGREEMENT_MESSAGE_TYPES.AgreementActivated]: 'activatedOn',
  [AGREEMENT_MESSAGE_TYPES.AgreementAmended]: 'effectiveOn',
  [AGREEMENT_MESSAGE_TYPES.AgreementRenewed]: 'renewedOn',
  [AGREEMENT_MESSAGE_TYPES.AgreementTerminated]: 'terminatedOn',
  [AGREEMENT_MESSAGE_TYPES.AgreementExpired]: 'expiredOn',
  [AGREEMENT_MESSAGE_TYPES.ObligationMet]: 'metOn',
  [AGREEMENT_MESSAGE_TYPES.ObligationWaived]: 'waivedOn',
  [PROJECT_MESSAGE_TYPES.ProjectProposed]: 'proposedOn',
  [PROJECT_MESSAGE_TYPES.GateDecisionRecorded]: 'decidedOn',
  [PROJECT_MESSAGE_TYPES.ProjectStageAdvanced]: 'advancedOn',
  [PROJECT_MESSAGE_TYPES.ProjectPutOnHold]: 'heldOn',
  [PROJECT_MESSAGE_TYPES.ProjectResumed]: 'resumedOn',
  [PROJECT_MESSAGE_TYPES.ProjectKilled]: 'killedOn',
  [PROJECT_MESSAGE_TYPES.ProjectCompleted]: 'completedOn',
  [PROJECT_MESSAGE_TYPES.ProjectSpunOut]: 'spunOutOn',
  [PROJECT_MESSAGE_TYPES.MilestoneCompleted]: 'actualDate',
  [PROJECT_MESSAGE_TYPES.BudgetCommitted]: 'committedOn',
  [PROJECT_MESSAGE_TYPES.SpendRecorded]: 'spentOn',
  [PROJECT_MESSAGE_TYPES.OutcomeRecorded]: 'occurredOn',
  [PROJECT_MESSAGE_TYPES.PatentFiled]: 'occurredOn',
};
