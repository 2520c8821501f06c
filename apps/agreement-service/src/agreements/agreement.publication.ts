import {
  MESSAGE_TYPES,
  type MessageType,
  AGREEMENT_TOPIC,
  type AgreementChangedV1,
  type AgreementDraftedV1,
  type AgreementStateV1,
  type PartnershipEstablishedV1,
} from '@accord/contracts';
import type { NewEvent, OutboxMessage } from '@accord/event-store';
import type { AgreementEvent, AgreementState, AgreementStatus } from './agreement';

const STATUS_AFTER: Partial<Record<AgreementEvent['type'], AgreementStatus>> = {
  AgreementDrafted: 'draft',
  AgreementNegotiationStarted: 'in_negotiation',
  AgreementSubmittedForReview: 'in_review',
  AgreementApproved: 'approved',
  AgreementFullyExecuted: 'signed',
  AgreementActivated: 'active',
  AgreementExpired: 'expired',
  AgreementTerminated: 'terminated',
};

/** Each stored event's public message type: the one place where internal names meet public ones. */
const PUBLIC_TYPES: Record<AgreementEvent['type'], MessageType> = {
  AgreementDrafted: MESSAGE_TYPES.agreementDrafted,
  AgreementTermsRevised: MESSAGE_TYPES.agreementTermsRevised,
  AgreementNegotiationStarted: MESSAGE_TYPES.agreementNegotiationStarted,
  AgreementSubmittedForReview: MESSAGE_TYPES.agreementSubmittedForReview,
  AgreementApproved: MESSAGE_TYPES.agreementApproved,
  AgreementSignedByParty: MESSAGE_TYPES.agreementSignedByParty,
  AgreementFullyExecuted: MESSAGE_TYPES.partnershipEstablished,
  AgreementActivated: MESSAGE_TYPES.agreementActivated,
  AgreementAmended: MESSAGE_TYPES.agreementAmended,
  AgreementRenewalWindowOpened: MESSAGE_TYPES.agreementRenewalWindowOpened,
  AgreementRenewed: MESSAGE_TYPES.agreementRenewed,
  AgreementExpired: MESSAGE_TYPES.agreementExpired,
  AgreementTerminated: MESSAGE_TYPES.agreementTerminated,
  ObligationAdded: MESSAGE_TYPES.agreementObligationAdded,
  ObligationMet: MESSAGE_TYPES.agreementObligationMet,
  ObligationWaived: MESSAGE_TYPES.agreementObligationWaived,
  ObligationOverdue: MESSAGE_TYPES.agreementObligationOverdue,
};
/**
 * Stored agreement events → messages for other services. An agreement signed by every party is
 * announced as `partnership.established`, with what other services need to act on it.
 */
export function publishAgreementEvents(events: NewEvent[]): OutboxMessage[] {
  return (events as NewEvent<AgreementEvent>[]).map((event) => {
    const status = STATUS_AFTER[event.type];
    const base = {
      agreementId: event.data.agreementId,
      version: event.streamVersion,
      occurredAt: event.metadata.occurredAt,
      ...(status ? { status } : {}),
    };
    let payload: PartnershipEstablishedV1 | AgreementDraftedV1 | AgreementChangedV1;
    switch (event.type) {
      case 'AgreementDrafted': {
        const {
          type,
          title,
          partyIds,
          ownerId,
          parentAgreementId,
          technologyAreas,
          effectiveDate,
          expiryDate,
          draftedOn,
        } = event.data;
        payload = {
          ...base,
          status: 'draft',
          agreementType: type,
          title,
          partnerIds: partyIds,
          ownerId,
          parentAgreementId,
          technologyAreas,
          effectiveDate,
          expiryDate,
          ...(draftedOn ? { draftedOn } : {}),
        };
        break;
      }
      case 'AgreementFullyExecuted': {
        const { terms, agreementType, executedOn } = event.data;
        payload = {
          ...base,
          status: 'signed',
          agreementType,
          title: terms.title,
          partnerIds: terms.partyIds,
          ownerId: terms.ownerId,
          parentAgreementId: terms.parentAgreementId,
          technologyAreas: terms.technologyAreas,
          effectiveDate: terms.effectiveDate,
          expiryDate: terms.expiryDate,
          executedOn,
        };
        break;
      }
      default: {
        const { agreementId: _id, ...rest } = event.data;
        payload = { ...base, ...rest };
      }
    }
    return { topic: AGREEMENT_TOPIC, key: event.data.agreementId, type: PUBLIC_TYPES[event.type], payload };
  });
}

/**
 * The messages of one append, each carrying the agreement as it stands after it (`agreement`), as
 * the decider left it. A copy elsewhere takes that state whole whenever a message is newer than the
 * copy, so it needs no message in between. All messages of one append (an agreement logged signed
 * is several) carry the state after the last of them: they commit together, so nobody could have
 * seen the agreement in between.
 */
export function publishAgreementMessages(events: NewEvent[], state: unknown): OutboxMessage[] {
  const messages = publishAgreementEvents(events);
  const after = state as AgreementState | undefined;
  if (messages.length === 0 || !after?.exists) return messages;
  const { title, partyIds, effectiveDate, expiryDate } = after.terms;
  const agreement: AgreementStateV1 = { title, status: after.status, partnerIds: partyIds, effectiveDate, expiryDate };
  return messages.map((message) => ({ ...message, payload: { ...message.payload, agreement } }));
}
