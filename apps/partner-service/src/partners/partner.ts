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

export type PartnerEvent =
  | DomainEvent<'PartnerRegistered', { partnerId: string; tier: PartnerTier } & PartnerProfile>
  | DomainEvent<'PartnerProfileUpdated', { partnerId: string; changes: Partial<PartnerProfile> }>
  | DomainEvent<'PartnerTierChanged', { partnerId: string; from: PartnerTier; to: PartnerTier }>
  | DomainEvent<'PartnerActivated', { partnerId: string; agreementId: string | null }>
  | DomainEvent<'PartnerMarkedDormant', { partnerId: string; reason: string | null }>
  | DomainEvent<'PartnerArchived', { partnerId: string; reason: string | null }>
  | DomainEvent<'PartnerRestored', { partnerId: string; status: Exclude<PartnerStatus, 'archived'> }>
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
      return { ...state, status: 'active' };
    case 'PartnerMarkedDormant':
      return { ...state, status: 'dormant' };
    case 'PartnerArchived':
      return {
        ...state,
        status: 'archived',
        statusBeforeArchive: state.status === 'archived' ? state.statusBeforeArchive : state.status,
      };
    case 'PartnerRestored':
      return { ...state, status: event.data.status };
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
