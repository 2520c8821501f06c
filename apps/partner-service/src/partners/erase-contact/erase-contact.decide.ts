import { NotFoundError } from '@accord/event-store';
import type { PartnerEvent, PartnerState } from '../partner';
import { existing } from '../partner.rules';

export type EraseContact = { type: 'EraseContact'; contactId: string };

export function decideEraseContact(command: EraseContact, state: PartnerState): PartnerEvent[] {
  // Erasure is a legal right: allowed for removed contacts and archived partners too, and
  // asking twice is not an error.
  const partner = existing(state);
  const contact = partner.contacts[command.contactId];
  if (!contact) throw new NotFoundError('contact_not_found', 'no such contact');
  if (contact.state === 'erased') return [];
  return [{ type: 'ContactErased', data: { partnerId: partner.partnerId, contactId: command.contactId } }];
}
