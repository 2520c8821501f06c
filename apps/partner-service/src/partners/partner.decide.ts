import { normaliseTechnologyAreas } from '@accord/contracts';
import {
  BusinessRuleError,
  NotFoundError,
  ValidationError,
  checkBusinessDate,
  type Decider,
} from '@accord/event-store';
import {
  evolvePartner,
  initialPartnerState,
  type ContactRole,
  type IsoDate,
  type PartnerEvent,
  type PartnerProfile,
  type PartnerState,
  type PartnerTier,
  type Sealed,
} from './partner';

export type Seal = (plaintext: string) => Sealed;

export type PartnerCommand =
  | { type: 'RegisterPartner'; partnerId: string; profile: PartnerProfile; tier: PartnerTier }
  | {
      type: 'UpdatePartnerProfile';
      changes: Partial<PartnerProfile>;
      tier?: PartnerTier;
      /** The business date of a tier change; today when not given. */
      effectiveOn?: IsoDate;
      today: IsoDate;
    }
  /** `activatedOn`: the day the partnership that activates the partner was established. */
  | { type: 'ActivatePartner'; agreementId: string | null; activatedOn: IsoDate }
  | { type: 'MarkPartnerDormant'; reason: string | null; markedDormantOn?: IsoDate; today: IsoDate }
  | { type: 'ArchivePartner'; reason: string | null; archivedOn?: IsoDate; today: IsoDate }
  | { type: 'RestorePartner'; restoredOn?: IsoDate; today: IsoDate }
  | {
      type: 'AddContact';
      contactId: string;
      name: string;
      email: string;
      role: ContactRole;
      internal: boolean;
      /** Encrypts personal data with the contact's key; injected like a clock, so decide stays pure. */
      seal: Seal;
    }
  | {
      type: 'UpdateContact';
      contactId: string;
      changes: { name?: string; email?: string; role?: ContactRole; internal?: boolean };
      seal: Seal;
    }
  | { type: 'RemoveContact'; contactId: string }
  | { type: 'EraseContact'; contactId: string };

export { normaliseTechnologyAreas };

/**
 * The name the duplicate guard compares: case, accents, punctuation, spacing and a leading "The"
 * do not make two partners different ("The University of Tokyo" = "university of tokyo").
 */
export function normalisePartnerName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

function normaliseProfile<P extends Partial<PartnerProfile>>(profile: P): P {
  const normalised = { ...profile };
  if (profile.name !== undefined) {
    normalised.name = profile.name.trim().replace(/\s+/g, ' ');
    if (normalised.name.length === 0) throw invalid('name', 'name must not be blank');
  }
  if (profile.country !== undefined) normalised.country = profile.country.toUpperCase();
  if (profile.technologyAreas !== undefined) {
    normalised.technologyAreas = normaliseTechnologyAreas(profile.technologyAreas);
  }
  return normalised;
}

const invalid = (field: string, message: string) =>
  new ValidationError('invalid_partner', message, [{ field, message }]);

type Existing = Extract<PartnerState, { exists: true }>;

function existing(state: PartnerState): Existing {
  if (!state.exists) throw new NotFoundError('partner_not_found', 'no such partner');
  return state;
}

function notArchived(state: PartnerState): Existing {
  const partner = existing(state);
  if (partner.status === 'archived') {
    throw new BusinessRuleError('partner_archived', 'the partner is archived; restore it first');
  }
  return partner;
}

function currentContact(partner: Existing, contactId: string) {
  const contact = partner.contacts[contactId];
  if (!contact || contact.state === 'removed') throw new NotFoundError('contact_not_found', 'no such contact');
  if (contact.state === 'erased') {
    throw new BusinessRuleError('contact_erased', 'the contact was erased; its details cannot change');
  }
  return contact;
}

export function decidePartner(command: PartnerCommand, state: PartnerState): PartnerEvent[] {
  switch (command.type) {
    case 'RegisterPartner': {
      if (state.exists) throw new BusinessRuleError('partner_exists', 'a partner with this id exists');
      return [
        {
          type: 'PartnerRegistered',
          data: { partnerId: command.partnerId, tier: command.tier, ...normaliseProfile(command.profile) },
        },
      ];
    }
    case 'UpdatePartnerProfile': {
      const partner = notArchived(state);
      const requested = normaliseProfile(command.changes);
      const changedOn = checkBusinessDate('effectiveOn', command.effectiveOn ?? command.today, command.today);
      // Only what really changes is recorded: the history shows edits, not form submissions.
      const changes = Object.fromEntries(
        Object.entries(requested).filter(
          ([field, value]) => JSON.stringify(value) !== JSON.stringify(partner.profile[field as keyof PartnerProfile]),
        ),
      ) as Partial<PartnerProfile>;
      const events: PartnerEvent[] = [];
      if (Object.keys(changes).length > 0) {
        events.push({ type: 'PartnerProfileUpdated', data: { partnerId: partner.partnerId, changes } });
      }
      if (command.tier !== undefined && command.tier !== partner.tier) {
        events.push({
          type: 'PartnerTierChanged',
          data: { partnerId: partner.partnerId, from: partner.tier, to: command.tier, changedOn },
        });
      }
      return events;
    }
    case 'ActivatePartner': {
      // A reaction to a partnership being established: the first one activates a prospect (or wakes a
      // dormant partner); later ones, and redeliveries, change nothing. An archived partner stays so.
      // The date is the agreement service's (the day the last party signed), not checked here: a
      // refusal would dead-letter the message and leave the partner a prospect for good.
      const partner = existing(state);
      if (partner.status !== 'prospect' && partner.status !== 'dormant') return [];
      // A partnership established before the partner went dormant, logged only now, does not wake it.
      if (partner.status === 'dormant' && partner.statusSince !== null && command.activatedOn < partner.statusSince) {
        return [];
      }
      const { agreementId, activatedOn } = command;
      return [{ type: 'PartnerActivated', data: { partnerId: partner.partnerId, agreementId, activatedOn } }];
    }
    case 'MarkPartnerDormant': {
      const partner = notArchived(state);
      const markedDormantOn = checkBusinessDate(
        'markedDormantOn',
        command.markedDormantOn ?? command.today,
        command.today,
      );
      if (partner.status === 'dormant') return [];
      if (partner.status !== 'active') {
        throw new BusinessRuleError('partner_not_active', 'only an active partner can become dormant');
      }
      return [
        {
          type: 'PartnerMarkedDormant',
          data: { partnerId: partner.partnerId, reason: command.reason, markedDormantOn },
        },
      ];
    }
    case 'ArchivePartner': {
      const partner = existing(state);
      const archivedOn = checkBusinessDate('archivedOn', command.archivedOn ?? command.today, command.today);
      if (partner.status === 'archived') return [];
      return [{ type: 'PartnerArchived', data: { partnerId: partner.partnerId, reason: command.reason, archivedOn } }];
    }
    case 'RestorePartner': {
      const partner = existing(state);
      if (partner.status !== 'archived') {
        throw new BusinessRuleError('partner_not_archived', 'only an archived partner can be restored');
      }
      const restoredOn = checkBusinessDate('restoredOn', command.restoredOn ?? command.today, command.today, [
        { date: partner.statusSince, code: 'before_archived', what: 'the day it was archived' },
      ]);
      return [
        {
          type: 'PartnerRestored',
          data: { partnerId: partner.partnerId, status: partner.statusBeforeArchive, restoredOn },
        },
      ];
    }
    case 'AddContact': {
      const partner = notArchived(state);
      if (partner.contacts[command.contactId]) {
        throw new BusinessRuleError('contact_exists', 'a contact with this id exists');
      }
      const { contactId, name, email, role, internal, seal } = command;
      return [
        {
          type: 'ContactAdded',
          data: { partnerId: partner.partnerId, contactId, name: seal(name), email: seal(email), role, internal },
        },
      ];
    }
    case 'UpdateContact': {
      const partner = notArchived(state);
      const contact = currentContact(partner, command.contactId);
      const { name, email, role, internal } = command.changes;
      // Personal fields are sealed, so an unchanged name cannot be told apart: a given one is recorded.
      const changes = {
        ...(name === undefined ? {} : { name: command.seal(name) }),
        ...(email === undefined ? {} : { email: command.seal(email) }),
        ...(role === undefined || role === contact.role ? {} : { role }),
        ...(internal === undefined || internal === contact.internal ? {} : { internal }),
      };
      if (Object.keys(changes).length === 0) return [];
      return [
        { type: 'ContactUpdated', data: { partnerId: partner.partnerId, contactId: command.contactId, changes } },
      ];
    }
    case 'RemoveContact': {
      const partner = notArchived(state);
      currentContact(partner, command.contactId);
      return [{ type: 'ContactRemoved', data: { partnerId: partner.partnerId, contactId: command.contactId } }];
    }
    case 'EraseContact': {
      // Erasure is a legal right: allowed for removed contacts and archived partners too, and
      // asking twice is not an error.
      const partner = existing(state);
      const contact = partner.contacts[command.contactId];
      if (!contact) throw new NotFoundError('contact_not_found', 'no such contact');
      if (contact.state === 'erased') return [];
      return [{ type: 'ContactErased', data: { partnerId: partner.partnerId, contactId: command.contactId } }];
    }
  }
}

export const partnerDecider: Decider<PartnerState, PartnerCommand, PartnerEvent> = {
  initialState: initialPartnerState,
  evolve: evolvePartner,
  decide: decidePartner,
};
