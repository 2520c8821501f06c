import type { DomainEvent } from '@accord/event-store';

/**
 * The Partner aggregate: events, state and evolve. Pure: no framework, no I/O. Stored event type
 * names are the strings below, never derived from code names.
 */
export const PARTNER_TYPES = [
  'university',
  'research_institute',
  'startup',
  'venture_capital',
  'corporate',
  'government',
  'consortium',
  'nonprofit',
] as const;
export const PARTNER_TIERS = ['strategic', 'key', 'standard'] as const;
export const PARTNER_STATUSES = ['prospect', 'active', 'dormant', 'archived'] as const;
export const CONTACT_ROLES = [
  'executive_sponsor',
  'alliance_manager',
  'principal_investigator',
  'legal',
  'ip_counsel',
  'finance',
  'other',
] as const;

export type PartnerType = (typeof PARTNER_TYPES)[number];
export type PartnerTier = (typeof PARTNER_TIERS)[number];
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];
export type ContactRole = (typeof CONTACT_ROLES)[number];

/**
 * Personal data as it is stored: encrypted with a key of the contact's own, kept outside the event
 * store. Erasing the contact deletes the key; the events stay, unreadable. (See contact-vault.ts.)
 */
export type Sealed = string;

export interface PartnerProfile {
  name: string;
  type: PartnerType;
  country: string;
  website: string | null;
  technologyAreas: string[];
}

/** A calendar day, `YYYY-MM-DD`. */
export type IsoDate = string;

/*
 * The business dates below (the day the act happened in the world, often long before it was
 * recorded) are optional because events recorded before they were kept have none: those happened,
 * as far as anyone said, on the day they were recorded (see `businessDateOf`).
 */
export type PartnerEvent =
  | DomainEvent<'PartnerRegistered', { partnerId: string; tier: PartnerTier } & PartnerProfile>
  | DomainEvent<'PartnerProfileUpdated', { partnerId: string; changes: Partial<PartnerProfile> }>
  | DomainEvent<'PartnerTierChanged', { partnerId: string; from: PartnerTier; to: PartnerTier; changedOn?: IsoDate }>
  | DomainEvent<'PartnerActivated', { partnerId: string; agreementId: string | null; activatedOn?: IsoDate }>
  | DomainEvent<'PartnerMarkedDormant', { partnerId: string; reason: string | null; markedDormantOn?: IsoDate }>
  | DomainEvent<'PartnerArchived', { partnerId: string; reason: string | null; archivedOn?: IsoDate }>
  | DomainEvent<
      'PartnerRestored',
      { partnerId: string; status: Exclude<PartnerStatus, 'archived'>; restoredOn?: IsoDate }
    >
  | DomainEvent<
      'ContactAdded',
      { partnerId: string; contactId: string; name: Sealed; email: Sealed; role: ContactRole; internal: boolean }
    >
  | DomainEvent<
      'ContactUpdated',
      {
        partnerId: string;
        contactId: string;
        changes: { name?: Sealed; email?: Sealed; role?: ContactRole; internal?: boolean };
      }
    >
  | DomainEvent<'ContactRemoved', { partnerId: string; contactId: string }>
  | DomainEvent<'ContactErased', { partnerId: string; contactId: string }>;

export type PartnerEventType = PartnerEvent['type'];

export interface ContactState {
  role: ContactRole;
  internal: boolean;
  state: 'current' | 'removed' | 'erased';
}

export type PartnerState =
  | { exists: false }
  | {
      exists: true;
      partnerId: string;
      profile: PartnerProfile;
      tier: PartnerTier;
      status: PartnerStatus;
      /** Where a restore returns to. */
      statusBeforeArchive: Exclude<PartnerStatus, 'archived'>;
      /**
       * The business date the current status began (activated, marked dormant, archived, restored);
       * null for a prospect, and for a status whose event carries no date (see `businessDateOf`).
       */
      statusSince: IsoDate | null;
      contacts: Record<string, ContactState>;
    };

export const initialPartnerState = (): PartnerState => ({ exists: false });

export function evolvePartner(state: PartnerState, event: PartnerEvent): PartnerState {
  if (event.type === 'PartnerRegistered') {
    const { partnerId, tier, ...profile } = event.data;
    return {
      exists: true,
      partnerId,
      profile,
      tier,
      status: 'prospect',
      statusBeforeArchive: 'prospect',
      statusSince: null,
      contacts: {},
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'PartnerProfileUpdated':
      return { ...state, profile: { ...state.profile, ...event.data.changes } };
    case 'PartnerTierChanged':
      return { ...state, tier: event.data.to };
    case 'PartnerActivated':
      return { ...state, status: 'active', statusSince: event.data.activatedOn ?? null };
    case 'PartnerMarkedDormant':
      return { ...state, status: 'dormant', statusSince: event.data.markedDormantOn ?? null };
    case 'PartnerArchived':
      return {
        ...state,
        status: 'archived',
        statusBeforeArchive: state.status === 'archived' ? state.statusBeforeArchive : state.status,
        statusSince: event.data.archivedOn ?? null,
      };
    case 'PartnerRestored':
      return { ...state, status: event.data.status, statusSince: event.data.restoredOn ?? null };
    case 'ContactAdded': {
      const { contactId, role, internal } = event.data;
      return { ...state, contacts: { ...state.contacts, [contactId]: { role, internal, state: 'current' } } };
    }
    case 'ContactUpdated': {
      const { contactId, changes } = event.data;
      const contact = state.contacts[contactId];
      const updated = {
        ...contact,
        role: changes.role ?? contact.role,
        internal: changes.internal ?? contact.internal,
      };
      return { ...state, contacts: { ...state.contacts, [contactId]: updated } };
    }
    case 'ContactRemoved':
    case 'ContactErased': {
      const { contactId } = event.data;
      const next = event.type === 'ContactRemoved' ? 'removed' : 'erased';
      return { ...state, contacts: { ...state.contacts, [contactId]: { ...state.contacts[contactId], state: next } } };
    }
  }
}

/** One stream per partner. */
export const partnerStream = (partnerId: string): string => `partner-${partnerId}`;

/** The data field holding each dated event's business date. */
const BUSINESS_DATE_FIELDS = {
  PartnerTierChanged: 'changedOn',
  PartnerActivated: 'activatedOn',
  PartnerMarkedDormant: 'markedDormantOn',
  PartnerArchived: 'archivedOn',
  PartnerRestored: 'restoredOn',
} as const satisfies Partial<Record<PartnerEventType, string>>;

type DatedPartnerEvent = Extract<PartnerEvent, { type: keyof typeof BUSINESS_DATE_FIELDS }>;

/**
 * The business date of a dated event (a status or tier change), or null for the others. An event
 * recorded before business dates were kept counts as having happened on the day it was recorded
 * (`occurredAt`, its metadata's recorded time): the only date anyone gave for it.
 */
export function businessDateOf(event: DatedPartnerEvent, occurredAt: string): IsoDate;
export function businessDateOf(event: PartnerEvent, occurredAt: string): IsoDate | null;
export function businessDateOf(event: PartnerEvent, occurredAt: string): IsoDate | null {
  const field = BUSINESS_DATE_FIELDS[event.type as keyof typeof BUSINESS_DATE_FIELDS];
  if (field === undefined) return null;
  const date = (event.data as Record<string, unknown>)[field];
  return typeof date === 'string' ? date : occurredAt.slice(0, 10);
}

/** The event with its business date filled in from its recorded time when it has none (see above). */
export function withBusinessDate<E extends PartnerEvent>(event: E, occurredAt: string): E {
  const field = BUSINESS_DATE_FIELDS[event.type as keyof typeof BUSINESS_DATE_FIELDS];
  if (field === undefined || field in event.data) return event;
  return { ...event, data: { ...event.data, [field]: occurredAt.slice(0, 10) } };
}
