/**
 * The partner service's public API on Kafka, version 1. Other services depend on these names and
 * shapes: add optional fields freely; anything else is a new version published side by side.
 *
 * Topic: `accord.partners`, key: the partner id (so one partner's messages stay in order), value:
 * JSON, headers: CloudEvents (`ce_id`, `ce_type` = one of the types below, `ce_source`, `ce_time`,
 * `ce_subject`) plus `correlation_id`, `causation_id` and `actor`. Contacts' personal data (names,
 * e-mails) is never published.
 *
 * Each type has a payload interface and a JSON Schema (draft 2020-12) below; the contracts' tests
 * check that the two describe the same thing and that the services publish what they say.
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

export const PARTNER_TOPIC = 'accord.partners';
/** Created by whichever side starts first, producer or consumer, with these settings. */
export const PARTNER_TOPIC_CONFIG = { topic: PARTNER_TOPIC, numPartitions: 6 };

export const PARTNER_TYPES_V1 = [
  'university',
  'research_institute',
  'startup',
  'venture_capital',
  'corporate',
  'government',
  'consortium',
  'nonprofit',
] as const;
export const PARTNER_TIERS_V1 = ['strategic', 'key', 'standard'] as const;
export const PARTNER_STATUSES_V1 = ['prospect', 'active', 'dormant', 'archived'] as const;
export const CONTACT_ROLES_V1 = [
  'executive_sponsor',
  'alliance_manager',
  'principal_investigator',
  'legal',
  'ip_counsel',
  'finance',
  'other',
] as const;

export type PartnerTypeV1 = (typeof PARTNER_TYPES_V1)[number];
export type PartnerTierV1 = (typeof PARTNER_TIERS_V1)[number];
export type PartnerStatusV1 = (typeof PARTNER_STATUSES_V1)[number];
export type ContactRoleV1 = (typeof CONTACT_ROLES_V1)[number];

export interface PartnerMessageBase {
  partnerId: string;
  /** The partner's version after this change: consumers can ignore anything older than they have. */
  version: number;
  /** When the change was recorded; a status or tier change also says when it happened (`…On`). */
  occurredAt: string;
  /**
   * The partner as it stands after this change, whole (absent from messages published before it was
   * added): a subscriber's copy takes it whenever the message is newer than the copy, so the copy is
   * right whatever order messages arrive in (a dead letter replayed after newer messages included).
   */
  partner?: PartnerStateV1;
}

export interface PartnerStateV1 {
  name: string;
  type: PartnerTypeV1;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  tier: PartnerTierV1;
  status: PartnerStatusV1;
}

export interface PartnerRegisteredV1 extends PartnerMessageBase {
  name: string;
  type: PartnerTypeV1;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  website: string | null;
  technologyAreas: string[];
  tier: PartnerTierV1;
  status: 'prospect';
}

/** The profile fields a profile update changed (only those). */
export interface PartnerProfileChangesV1 {
  name?: string;
  type?: PartnerTypeV1;
  country?: string;
  website?: string | null;
  technologyAreas?: string[];
}

export interface PartnerProfileUpdatedV1 extends PartnerMessageBase {
  /** Only the fields that changed: any of name, type, country, website, technologyAreas. */
  changes: PartnerProfileChangesV1;
}

export interface PartnerTierChangedV1 extends PartnerMessageBase {
  from: PartnerTierV1;
  to: PartnerTierV1;
  /** The business date the new tier took effect (YYYY-MM-DD). Absent from older messages. */
  changedOn?: string;
}

export interface PartnerActivatedV1 extends PartnerMessageBase {
  status: 'active';
  /** The agreement whose partnership activated the partner; null when activated otherwise. */
  agreementId: string | null;
  /** The business date the partner became active: the day its partnership was established. Absent from older messages. */
  activatedOn?: string;
}

export interface PartnerMarkedDormantV1 extends PartnerMessageBase {
  status: 'dormant';
  reason: string | null;
  /** The business date the partner became dormant (YYYY-MM-DD). Absent from older messages. */
  markedDormantOn?: string;
}

export interface PartnerArchivedV1 extends PartnerMessageBase {
  status: 'archived';
  reason: string | null;
  /** The business date the partner was archived (YYYY-MM-DD). Absent from older messages. */
  archivedOn?: string;
}

export interface PartnerRestoredV1 extends PartnerMessageBase {
  /** The status the partner had before it was archived. */
  status: Exclude<PartnerStatusV1, 'archived'>;
  /** The business date the partner was restored (YYYY-MM-DD). Absent from older messages. */
  restoredOn?: string;
}

/** Any of the four status messages (activated, marked dormant, archived, restored). */
export interface PartnerStatusChangedV1 extends PartnerMessageBase {
  status: PartnerStatusV1;
  /** The agreement whose partnership activated the partner, when that is why. */
  agreementId?: string | null;
  reason?: string | null;
  activatedOn?: string;
  markedDormantOn?: string;
  archivedOn?: string;
  restoredOn?: string;
}

export interface PartnerContactAddedV1 extends PartnerMessageBase {
  contactId: string;
  role: ContactRoleV1;
  internal: boolean;
}

export interface PartnerContactUpdatedV1 extends PartnerMessageBase {
  contactId: string;
  /** Present when the role changed. */
  role?: ContactRoleV1;
  /** Present when the side changed. */
  internal?: boolean;
}

export interface PartnerContactRemovedV1 extends PartnerMessageBase {
  contactId: string;
}

export interface PartnerContactErasedV1 extends PartnerMessageBase {
  contactId: string;
}

/** Any of the four contact messages (added, updated, removed, erased). */
export interface PartnerContactChangedV1 extends PartnerMessageBase {
  contactId: string;
  role?: ContactRoleV1;
  internal?: boolean;
}

export const PARTNER_MESSAGE_TYPES = {
  partnerRegistered: 'accord.partner.registered.v1',
  partnerProfileUpdated: 'accord.partner.profile-updated.v1',
  partnerTierChanged: 'accord.partner.tier-changed.v1',
  partnerActivated: 'accord.partner.activated.v1',
  partnerMarkedDormant: 'accord.partner.marked-dormant.v1',
  partnerArchived: 'accord.partner.archived.v1',
  partnerRestored: 'accord.partner.restored.v1',
  partnerContactAdded: 'accord.partner.contact-added.v1',
  partnerContactUpdated: 'accord.partner.contact-updated.v1',
  partnerContactRemoved: 'accord.partner.contact-removed.v1',
  partnerContactErased: 'accord.partner.contact-erased.v1',
} as const;

/** Each partner message type's payload. */
export interface PartnerMessagePayloads {
  [PARTNER_MESSAGE_TYPES.partnerRegistered]: PartnerRegisteredV1;
  [PARTNER_MESSAGE_TYPES.partnerProfileUpdated]: PartnerProfileUpdatedV1;
  [PARTNER_MESSAGE_TYPES.partnerTierChanged]: PartnerTierChangedV1;
  [PARTNER_MESSAGE_TYPES.partnerActivated]: PartnerActivatedV1;
  [PARTNER_MESSAGE_TYPES.partnerMarkedDormant]: PartnerMarkedDormantV1;
  [PARTNER_MESSAGE_TYPES.partnerArchived]: PartnerArchivedV1;
  [PARTNER_MESSAGE_TYPES.partnerRestored]: PartnerRestoredV1;
  [PARTNER_MESSAGE_TYPES.partnerContactAdded]: PartnerContactAddedV1;
  [PARTNER_MESSAGE_TYPES.partnerContactUpdated]: PartnerContactUpdatedV1;
  [PARTNER_MESSAGE_TYPES.partnerContactRemoved]: PartnerContactRemovedV1;
  [PARTNER_MESSAGE_TYPES.partnerContactErased]: PartnerContactErasedV1;
}

// ---------------------------------------------------------------------------------------------
// JSON Schemas

const base = {
  partnerId: uuid('The partner (also the message key).'),
  version: aggregateVersion('partner'),
  occurredAt: dateTime('When the change was made.'),
} as const;

const partnerType = choice(PARTNER_TYPES_V1, 'What kind of organisation the partner is.');
const partnerTier = choice(PARTNER_TIERS_V1, 'How important the relationship is.');
const country = {
  type: 'string',
  pattern: '^[A-Z]{2}$',
  description: 'ISO 3166-1 alpha-2 country code, upper case.',
} as const;
// Not `format: uri`: the service accepts internationalised domain names, which are IRIs.
const website = nullable({ type: 'string', pattern: '^https?://', description: 'An http(s) URL, or null.' });
const technologyAreas = arrayOf(
  str('A tag.'),
  'Technology areas: lower-case, hyphenated tags without duplicates ("secure-computation").',
);
const contactId = uuid('The contact, within the partner.');
const contactRole = choice(CONTACT_ROLES_V1, "The contact's role in the relationship.");
const internal = bool('True for someone on our side, false for someone of the partner.');
const reason = nullable(str('Why, when the user said.'));
// Optional: messages published before business dates were kept have none (take occurredAt's day).
const businessDate = (what: string) =>
  date(`The business date ${what} (YYYY-MM-DD): when it happened, often before it was recorded (occurredAt).`);

export const partnerRegisteredV1Schema = messageSchema(
  PARTNER_MESSAGE_TYPES.partnerRegistered,
  'PartnerRegisteredV1',
  'A partner was registered (as a prospect).',
  object({
    ...base,
    name: str("The partner's name."),
    type: partnerType,
    country,
    website,
    technologyAreas,
    tier: partnerTier,
    status: literal('prospect', 'A new partner is a prospect until its first partnership is established.'),
  }),
);

export const partnerProfileUpdatedV1Schema = messageSchema(
  PARTNER_MESSAGE_TYPES.partnerProfileUpdated,
  'PartnerProfileUpdatedV1',
  "A partner's profile changed.",
  object({
    ...base,
    changes: object(
      {},
      { name: str('The new name.'), type: partnerType, country, website, technologyAreas },
      'Only the fields that changed, with their new values.',
    ),
  }),
);

export const partnerTierChangedV1Schema = messageSchema(
  PARTNER_MESSAGE_TYPES.partnerTierChanged,
  'PartnerTierChangedV1',
  "A partner's tier changed.",
  object({ ...base, from: partnerTier, to: partnerTier }, { changedOn: businessDate('the new tier took effect') }),
);

export const partnerActivatedV1Schema = messageSchema(
  PARTNER_MESSAGE_TYPES.partnerActivated,
  'PartnerActivatedV1',
  'A partner became active (its first partnership was established).',
  object(
    {
      ...base,
      status: literal('active', 'The status after the change.'),
      agreementId: nullable(uuid('The agreement whose partnership activated the partner, or null.')),
    },
    { activatedOn: businessDate('the partner became active, the day its partnership was established') },
  ),
);

export const partnerMarkedDormantV1Schema = messageSchema(
  PARTNER_MESSAGE_TYPES.partnerMarkedDormant,
  'PartnerMarkedDormantV1',
  'A partner was marked dormant.',
  object(
    { ...base, status: literal('dormant', 'The status after the change.'), reason },
    { markedDormantOn: businessDate('the partner became dormant') },
  ),
);

export const partnerArchivedV1Schema = messageSchema(
  PARTNER_MESSAGE_TYPES.partnerArchived,
  'PartnerArchivedV1',
  'A partner was archived: it can no longer be a party to new agreements.',
  object(
    { ...base, status: literal('archived', 'The status after the change.'), reason },
    { archivedOn: businessDate('the partner was archived') },
  ),
);

export const partnerRestoredV1Schema = messageSchema(
  PARTNER_MESSAGE_TYPES.partnerRestored,
  'PartnerRestoredV1',
  'An archived partner was restored to the status it had before.',
  object(
    {
      ...base,
      status: choice(['prospect', 'active', 'dormant'], 'The status after the change: the one before archiving.'),
    },
    { restoredOn: businessDate('the partner was restored') },
  ),
);

export const partnerContactAddedV1Schema = messageSchema(
  PARTNER_MESSAGE_TYPES.partnerContactAdded,
  'PartnerContactAddedV1',
  'A contact was added to a partner (its name and e-mail are never published).',
  object({ ...base, contactId, role: contactRole, internal }),
);

export const partnerContactUpdatedV1Schema = messageSchema(
  PARTNER_MESSAGE_TYPES.partnerContactUpdated,
  'PartnerContactUpdatedV1',
  'A contact changed; role and side are present when they changed (a change of name or e-mail carries neither).',
  object({ ...base, contactId }, { role: contactRole, internal }),
);

export const partnerContactRemovedV1Schema = messageSchema(
  PARTNER_MESSAGE_TYPES.partnerContactRemoved,
  'PartnerContactRemovedV1',
  'A contact was removed from a partner.',
  object({ ...base, contactId }),
);

export const partnerContactErasedV1Schema = messageSchema(
  PARTNER_MESSAGE_TYPES.partnerContactErased,
  'PartnerContactErasedV1',
  "A contact's personal data was erased for good: delete anything you hold about this contact.",
  object({ ...base, contactId }),
);

const partnerState = object(
  {
    name: str("The partner's name."),
    type: partnerType,
    country,
    tier: partnerTier,
    status: choice(PARTNER_STATUSES_V1, "The partner's status."),
  },
  {},
  'The partner as it stands after this change, whole: a copy takes it whenever the message is newer than the copy, in whatever order messages arrive. Absent from messages published before it was added.',
);
/** Every partner message may carry the partner's state after it. */
const stated = <const S extends { properties: object }>(schema: S) => withOptional(schema, { partner: partnerState });

/** Each partner message type's JSON Schema. */
export const PARTNER_MESSAGE_SCHEMAS = {
  [PARTNER_MESSAGE_TYPES.partnerRegistered]: stated(partnerRegisteredV1Schema),
  [PARTNER_MESSAGE_TYPES.partnerProfileUpdated]: stated(partnerProfileUpdatedV1Schema),
  [PARTNER_MESSAGE_TYPES.partnerTierChanged]: stated(partnerTierChangedV1Schema),
  [PARTNER_MESSAGE_TYPES.partnerActivated]: stated(partnerActivatedV1Schema),
  [PARTNER_MESSAGE_TYPES.partnerMarkedDormant]: stated(partnerMarkedDormantV1Schema),
  [PARTNER_MESSAGE_TYPES.partnerArchived]: stated(partnerArchivedV1Schema),
  [PARTNER_MESSAGE_TYPES.partnerRestored]: stated(partnerRestoredV1Schema),
  [PARTNER_MESSAGE_TYPES.partnerContactAdded]: stated(partnerContactAddedV1Schema),
  [PARTNER_MESSAGE_TYPES.partnerContactUpdated]: stated(partnerContactUpdatedV1Schema),
  [PARTNER_MESSAGE_TYPES.partnerContactRemoved]: stated(partnerContactRemovedV1Schema),
  [PARTNER_MESSAGE_TYPES.partnerContactErased]: stated(partnerContactErasedV1Schema),
} as const;
