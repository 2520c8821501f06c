import type { Seal } from '../add-contact/add-contact.decide';
import type { ContactRole, PartnerEvent, PartnerState } from '../partner';
import { currentContact, notArchived } from '../partner.rules';

export type UpdateContact = {
  type: 'UpdateContact';
  contactId: string;
  changes: { name?: string; email?: string; role?: ContactRole; internal?: boolean };
  seal: Seal;
};

export function decideUpdateContact(command: UpdateContact, state: PartnerState): PartnerEvent[] {
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
  return [{ type: 'ContactUpdated', data: { partnerId: partner.partnerId, contactId: command.contactId, changes } }];
}
