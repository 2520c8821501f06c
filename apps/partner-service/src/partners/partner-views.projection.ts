import { writeRow, type InlineProjection, type NewEvent, type StoredEvent } from '@accord/event-store';
import { destroyContactKey } from './contact-vault';
import { PartnerContactView } from './get-partner/partner-contact.entity';
import { PartnerDirectoryEntry } from './list-partners/partner-directory.entity';
import { businessDateOf, type PartnerEvent } from './partner';
import { normalisePartnerName } from './partner.decide';

/**
 * The partner directory (list and detail) and the contacts, kept in step with every partner event
 * inside the append's transaction. One projection for both tables, because the directory's contact
 * count depends on the contacts' states: a rebuild must replay them together.
 */
/** A registration's directory entry: all a registration does to these views. */
function registered(event: Extract<NewEvent<PartnerEvent>, { type: 'PartnerRegistered' }>, at: Date) {
  const { tier, ...profile } = event.data;
  const values: Partial<PartnerDirectoryEntry> = {
    ...profile,
    tier,
    normalisedName: normalisePartnerName(profile.name),
    status: 'prospect',
    statusSince: event.metadata.occurredAt.slice(0, 10),
    contactCount: 0,
    registeredAt: at,
    version: event.streamVersion,
    updatedAt: at,
  };
  return { entity: PartnerDirectoryEntry, values };
}

/**
 * What an act on the partner alone does to its directory entry (a profile or tier change, a new
 * status and its date), with the version and time every event moves: the one row it sets.
 * Undefined for the acts on contacts, which write two tables.
 */
function changed(event: NewEvent<PartnerEvent>) {
  const at = new Date(event.metadata.occurredAt);
  const where = { partnerId: event.data.partnerId };
  const touch = { version: event.streamVersion, updatedAt: at };
  switch (event.type) {
    case 'PartnerProfileUpdated': {
      const { changes } = event.data;
      const normalised = changes.name === undefined ? {} : { normalisedName: normalisePartnerName(changes.name) };
      return { entity: PartnerDirectoryEntry, where, values: { ...changes, ...normalised, ...touch } };
    }
    case 'PartnerTierChanged':
      return { entity: PartnerDirectoryEntry, where, values: { tier: event.data.to, ...touch } };
    case 'PartnerActivated':
    case 'PartnerMarkedDormant':
    case 'PartnerArchived':
    case 'PartnerRestored': {
      const status =
        event.type === 'PartnerRestored'
          ? event.data.status
          : ({ PartnerActivated: 'active', PartnerMarkedDormant: 'dormant', PartnerArchived: 'archived' } as const)[
              event.type
            ];
      const statusSince = businessDateOf(event, event.metadata.occurredAt);
      return { entity: PartnerDirectoryEntry, where, values: { status, statusSince, ...touch } };
    }
    default:
      return undefined;
  }
}

export const partnerViewsProjection: InlineProjection = {
  name: 'partner-views',
  tables: ['partner_directory', 'partner_contacts'],
  handles: [
    'PartnerRegistered',
    'PartnerProfileUpdated',
    'PartnerTierChanged',
    'PartnerActivated',
    'PartnerMarkedDormant',
    'PartnerArchived',
    'PartnerRestored',
    'ContactAdded',
    'ContactUpdated',
    'ContactRemoved',
    'ContactErased',
  ],
  row(recorded) {
    const event = recorded as NewEvent<PartnerEvent>;
    return event.type === 'PartnerRegistered' ? registered(event, new Date(event.metadata.occurredAt)) : changed(event);
  },
  async apply(tx, stored) {
    const event = stored as StoredEvent<PartnerEvent>;
    const partners = tx.getRepository(PartnerDirectoryEntry);
    const contacts = tx.getRepository(PartnerContactView);
    const at = new Date(stored.metadata.occurredAt);
    const { partnerId } = event.data;
    // Every event moves the partner's version (its ETag) and last-change time.
    const touch = async () => {
      await partners.update({ partnerId }, { version: stored.streamVersion, updatedAt: at });
    };

    switch (event.type) {
      case 'PartnerRegistered':
        return writeRow(tx, registered(event, at));
      case 'ContactAdded': {
        // Name and e-mail stay sealed as the event carries them: they are opened on read.
        const { contactId, name, email, role, internal } = event.data;
        await contacts.insert({
          contactId,
          partnerId,
          sealedName: name,
          sealedEmail: email,
          role,
          internal,
          status: 'current',
          addedAt: at,
          updatedAt: at,
        });
        await partners.increment({ partnerId }, 'contactCount', 1);
        return touch();
      }
      case 'ContactUpdated': {
        const { contactId, changes } = event.data;
        await contacts.update(
          { contactId },
          {
            ...(changes.role === undefined ? {} : { role: changes.role }),
            ...(changes.internal === undefined ? {} : { internal: changes.internal }),
            ...(changes.name === undefined ? {} : { sealedName: changes.name }),
            ...(changes.email === undefined ? {} : { sealedEmail: changes.email }),
            updatedAt: at,
          },
        );
        return touch();
      }
      case 'ContactRemoved':
        await contacts.update({ contactId: event.data.contactId }, { status: 'removed', updatedAt: at });
        await partners.decrement({ partnerId }, 'contactCount', 1);
        return touch();
      case 'ContactErased': {
        const { contactId } = event.data;
        const contact = await contacts.findOneByOrFail({ contactId });
        if (contact.status === 'current') await partners.decrement({ partnerId }, 'contactCount', 1);
        await contacts.update({ contactId }, { sealedName: null, sealedEmail: null, status: 'erased', updatedAt: at });
        // The key goes in the same transaction as the erasure event: either the contact is erased
        // everywhere (read model and every event holding its data), or the erasure did not happen.
        await destroyContactKey(tx, contactId);
        return touch();
      }
      default: {
        const row = changed(event);
        if (row) await writeRow(tx, row);
      }
    }
  },
};
