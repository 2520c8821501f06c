/**
 * The partner service's public API on Kafka, version 1. Other services depend on these names and
 * shapes: add optional fields freely; anything else is a new version published side by side.
 *
 * Topic: `accord.partners`, key: the partner id (so one partner's messages stay in order), value:
 * JSON, headers: CloudEvents (`ce_id`, `ce_type` = one of the types below, `ce_source`, `ce_time`,
 * `ce_subject`) plus `correlation_id`, `causation_id` and `actor`. Contacts' personal data (names,
 * e-mails) is never published.
 */
export const PARTNER_TOPIC = 'accord.partners';
/** Created by whichever side starts first, producer or consumer, with these settings. */
export const PARTNER_TOPIC_CONFIG = { topic: PARTNER_TOPIC, numPartitions: 6 };

export interface PartnerMessageBase {
  partnerId: string;
  /** The partner's version after this change: consumers can ignore anything older than they have. */
  version: number;
  occurredAt: string;
}

export interface PartnerRegisteredV1 extends PartnerMessageBase {
  name: string;
  type: string;
  country: string;
  website: string | null;
  technologyAreas: string[];
  tier: string;
  status: 'prospect';
}

export interface PartnerProfileUpdatedV1 extends PartnerMessageBase {
  /** Only the fields that changed: any of name, type, country, website, technologyAreas. */
  changes: Record<string, unknown>;
}

export interface PartnerTierChangedV1 extends PartnerMessageBase {
  from: string;
  to: string;
}

export interface PartnerStatusChangedV1 extends PartnerMessageBase {
  status: 'prospect' | 'active' | 'dormant' | 'archived';
  /** The agreement whose partnership activated the partner, when that is why. */
  agreementId?: string | null;
  reason?: string | null;
}

export interface PartnerContactChangedV1 extends PartnerMessageBase {
  contactId: string;
  role?: string;
  internal?: boolean;
}

export const PARTNER_MESSAGE_TYPES = {
  PartnerRegistered: 'accord.partner.registered.v1',
  PartnerProfileUpdated: 'accord.partner.profile-updated.v1',
  PartnerTierChanged: 'accord.partner.tier-changed.v1',
  PartnerActivated: 'accord.partner.activated.v1',
  PartnerMarkedDormant: 'accord.partner.marked-dormant.v1',
  PartnerArchived: 'accord.partner.archived.v1',
  PartnerRestored: 'accord.partner.restored.v1',
  ContactAdded: 'accord.partner.contact-added.v1',
  ContactUpdated: 'accord.partner.contact-updated.v1',
  ContactRemoved: 'accord.partner.contact-removed.v1',
  ContactErased: 'accord.partner.contact-erased.v1',
} as const;
