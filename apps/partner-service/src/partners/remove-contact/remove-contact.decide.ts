import type { PartnerEvent, PartnerState } from '../partner';
import { currentContact, notArchived } from '../partner.rules';

export type RemoveContact = { type: 'RemoveContact'; contactId: string };

export function decideRemoveContact(command: RemoveContact, state: PartnerState): PartnerEvent[] {
  const partner = notArchived(state);
  currentContact(partner, command.contactId);
  return [{ type: 'ContactRemoved', data: { partnerId: partner.partnerId, contactId: command.contactId } }];
}
