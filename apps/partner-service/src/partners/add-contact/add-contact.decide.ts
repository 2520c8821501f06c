import { BusinessRuleError } from '@accord/event-store';
import type { ContactRole, PartnerEvent, PartnerState, Sealed } from '../partner';
import { notArchived } from '../partner.rules';

/** Encrypts personal data with the contact's key; injected like a clock, so decide stays pure. */
export type Seal = (plaintext: string) => Sealed;

export type AddContact = {
  type: 'AddContact';
  contactId: string;
  name: string;
  email: string;
  role: ContactRole;
  internal: boolean;
  seal: Seal;
};

export function decideAddContact(command: AddContact, state: PartnerState): PartnerEvent[] {
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
