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
  [PARTNER_MESSAGE_TYPES.partnerTierChanged]: 'changedOn',
  [PARTNER_MESSAGE_TYPES.partnerActivated]: 'activatedOn',
  [PARTNER_MESSAGE_TYPES.partnerMarkedDormant]: 'markedDormantOn',
  [PARTNER_MESSAGE_TYPES.partnerArchived]: 'archivedOn',
  [PARTNER_MESSAGE_TYPES.partnerRestored]: 'restoredOn',
  [AGREEMENT_MESSAGE_TYPES.agreementDrafted]: 'draftedOn',
  [AGREEMENT_MESSAGE_TYPES.agreementNegotiationStarted]: 'startedOn',
  [AGREEMENT_MESSAGE_TYPES.agreementSubmittedForReview]: 'submittedOn',
  [AGREEMENT_MESSAGE_TYPES.agreementApproved]: 'approvedOn',
  [AGREEMENT_MESSAGE_TYPES.agreementSignedByParty]: 'signedOn',
  [AGREEMENT_MESSAGE_TYPES.partnershipEstablished]: 'executedOn',
  [AGREEMENT_MESSAGE_TYPES.agreementActivated]: 'activatedOn',
  [AGREEMENT_MESSAGE_TYPES.agreementAmended]: 'effectiveOn',
  [AGREEMENT_MESSAGE_TYPES.agreementRenewed]: 'renewedOn',
  [AGREEMENT_MESSAGE_TYPES.agreementTerminated]: 'terminatedOn',
  [AGREEMENT_MESSAGE_TYPES.agreementExpired]: 'expiredOn',
  [AGREEMENT_MESSAGE_TYPES.agreementObligationMet]: 'metOn',
  [AGREEMENT_MESSAGE_TYPES.agreementObligationWaived]: 'waivedOn',
  [PROJECT_MESSAGE_TYPES.projectProposed]: 'proposedOn',
  [PROJECT_MESSAGE_TYPES.projectGateDecisionRecorded]: 'decidedOn',
  [PROJECT_MESSAGE_TYPES.projectStageAdvanced]: 'advancedOn',
  [PROJECT_MESSAGE_TYPES.projectPutOnHold]: 'heldOn',
  [PROJECT_MESSAGE_TYPES.projectResumed]: 'resumedOn',
  [PROJECT_MESSAGE_TYPES.projectKilled]: 'killedOn',
  [PROJECT_MESSAGE_TYPES.projectCompleted]: 'completedOn',
  [PROJECT_MESSAGE_TYPES.projectSpunOut]: 'spunOutOn',
  [PROJECT_MESSAGE_TYPES.projectMilestoneCompleted]: 'actualDate',
  [PROJECT_MESSAGE_TYPES.projectBudgetCommitted]: 'committedOn',
  [PROJECT_MESSAGE_TYPES.projectSpendRecorded]: 'spentOn',
  [PROJECT_MESSAGE_TYPES.projectOutcomeRecorded]: 'occurredOn',
  [PROJECT_MESSAGE_TYPES.projectPatentFiled]: 'occurredOn',
};
