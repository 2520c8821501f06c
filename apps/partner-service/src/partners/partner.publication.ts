import {
  MESSAGE_TYPES,
  type MessageType,
  PARTNER_TOPIC,
  type PartnerContactChangedV1,
  type PartnerProfileUpdatedV1,
  type PartnerRegisteredV1,
  type PartnerStateV1,
  type PartnerStatusChangedV1,
  type PartnerTierChangedV1,
} from '@accord/contracts';
import type { NewEvent, OutboxMessage } from '@accord/event-store';
import { withBusinessDate, type PartnerEvent, type PartnerState } from './partner';

/** Each stored event's public message type: the one place where internal names meet public ones. */
const PUBLIC_TYPES: Record<PartnerEvent['type'], MessageType> = {
  PartnerRegistered: MESSAGE_TYPES.partnerRegistered,
  PartnerProfileUpdated: MESSAGE_TYPES.partnerProfileUpdated,
  PartnerTierChanged: MESSAGE_TYPES.partnerTierChanged,
  PartnerActivated: MESSAGE_TYPES.partnerActivated,
  PartnerMarkedDormant: MESSAGE_TYPES.partnerMarkedDormant,
  PartnerArchived: MESSAGE_TYPES.partnerArchived,
  PartnerRestored: MESSAGE_TYPES.partnerRestored,
  ContactAdded: MESSAGE_TYPES.partnerContactAdded,
  ContactUpdated: MESSAGE_TYPES.partnerContactUpdated,
  ContactRemoved: MESSAGE_TYPES.partnerContactRemoved,
  ContactErased: MESSAGE_TYPES.partnerContactErased,
};
/**
 * Stored partner events → messages for other services (libs/contracts). The mapping is explicit so
 * that the internal events can evolve without breaking a consumer. Sealed contact data stays home.
 */
export function publishPartnerEvents(events: NewEvent[]): OutboxMessage[] {
  return (events as NewEvent<PartnerEvent>[]).map((stored) => {
    // Every status and tier message says when it happened: new events carry the date the user
    // gave, older ones (should they be published again) the day they were recorded.
    const event = withBusinessDate(stored, stored.metadata.occurredAt);
    const base = {
      partnerId: event.data.partnerId,
      version: event.streamVersion,
      occurredAt: event.metadata.occurredAt,
    };
    let payload:
      | PartnerRegisteredV1
      | PartnerProfileUpdatedV1
      | PartnerTierChangedV1
      | PartnerStatusChangedV1
      | PartnerContactChangedV1;
    switch (event.type) {
      case 'PartnerRegistered': {
        const { partnerId: _id, ...profile } = event.data;
        payload = { ...base, ...profile, status: 'prospect' };
        break;
      }
      case 'PartnerProfileUpdated':
        payload = { ...base, changes: event.data.changes };
        break;
      case 'PartnerTierChanged':
        payload = { ...base, from: event.data.from, to: event.data.to, changedOn: event.data.changedOn };
        break;
      case 'PartnerActivated':
        payload = {
          ...base,
          status: 'active',
          agreementId: event.data.agreementId,
          activatedOn: event.data.activatedOn,
        };
        break;
      case 'PartnerMarkedDormant':
        payload = {
          ...base,
          status: 'dormant',
          reason: event.data.reason,
          markedDormantOn: event.data.markedDormantOn,
        };
        break;
      case 'PartnerArchived':
        payload = { ...base, status: 'archived', reason: event.data.reason, archivedOn: event.data.archivedOn };
        break;
      case 'PartnerRestored':
        payload = { ...base, status: event.data.status, restoredOn: event.data.restoredOn };
        break;
      case 'ContactAdded':
        payload = { ...base, contactId: event.data.contactId, role: event.data.role, internal: event.data.internal };
        break;
      case 'ContactUpdated': {
        const { role, internal } = event.data.changes;
        payload = { ...base, contactId: event.data.contactId, role, internal };
        break;
      }
      case 'ContactRemoved':
      case 'ContactErased':
        payload = { ...base, contactId: event.data.contactId };
        break;
    }
    return { topic: PARTNER_TOPIC, key: event.data.partnerId, type: PUBLIC_TYPES[event.type], payload };
  });
}

/**
 * The messages of one append, each carrying the partner as it stands after it (`partner`), as the
 * decider left it. A copy elsewhere takes that state whole whenever a message is newer than the
 * copy, so it needs no message in between. All messages of one append carry the state after the
 * last of them: they commit together, so nobody could have seen the partner in between.
 */
export function publishPartnerMessages(events: NewEvent[], state: unknown): OutboxMessage[] {
  const messages = publishPartnerEvents(events);
  const after = state as PartnerState | undefined;
  if (messages.length === 0 || !after?.exists) return messages;
  const { name, type, country } = after.profile;
  const partner: PartnerStateV1 = { name, type, country, tier: after.tier, status: after.status };
  return messages.map((message) => ({ ...message, payload: { ...message.payload, partner } }));
}
