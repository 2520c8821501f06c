import { BusinessRuleError, NotFoundError } from '@accord/event-store';
import type { PartnerState } from './partner';

/*
 * What the slices check of a partner before they decide (pure): that it exists, that it is not
 * archived, that a contact is current. Registration checks the opposite and needs none of them.
 */

export type Existing = Extract<PartnerState, { exists: true }>;

export function existing(state: PartnerState): Existing {
  if (!state.exists) throw new NotFoundError('partner_not_found', 'no such partner');
  return state;
}

export function notArchived(state: PartnerState): Existing {
  const partner = existing(state);
  if (partner.status === 'archived') {
    throw new BusinessRuleError('partner_archived', 'the partner is archived; restore it first');
  }
  return partner;
}

export function currentContact(partner: Existing, contactId: string) {
  const contact = partner.contacts[contactId];
  if (!contact || contact.state === 'removed') throw new NotFoundError('contact_not_found', 'no such contact');
  if (contact.state === 'erased') {
    throw new BusinessRuleError('contact_erased', 'the contact was erased; its details cannot change');
  }
  return contact;
}
