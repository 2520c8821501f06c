import { normaliseTechnologyAreas } from '@accord/contracts';
import { decideAddContact, type AddContact } from './add-contact/add-contact.decide';
import {
  decideActivate,
  decideArchive,
  decideMarkDormant,
  decideRestore,
  type ActivatePartner,
  type ArchivePartner,
  type MarkPartnerDormant,
  type RestorePartner,
} from './change-status/change-status.decide';
import { decideEraseContact, type EraseContact } from './erase-contact/erase-contact.decide';
import { evolvePartner, initialPartnerState, partnerStream, type PartnerEvent, type PartnerState } from './partner';
import { decideRegister, type RegisterPartner } from './register-partner/register-partner.decide';
import { decideRemoveContact, type RemoveContact } from './remove-contact/remove-contact.decide';
import { decideUpdateContact, type UpdateContact } from './update-contact/update-contact.decide';
import { decideUpdateProfile, type UpdatePartnerProfile } from './update-partner/update-partner.decide';

/** Every command of the partner aggregate; each is decided in its use case's slice. */
export type PartnerCommand =
  | RegisterPartner
  | UpdatePartnerProfile
  | ActivatePartner
  | MarkPartnerDormant
  | ArchivePartner
  | RestorePartner
  | AddContact
  | UpdateContact
  | RemoveContact
  | EraseContact;

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

export function decidePartner(command: PartnerCommand, state: PartnerState): PartnerEvent[] {
  switch (command.type) {
    case 'RegisterPartner':
      return decideRegister(command, state);
    case 'UpdatePartnerProfile':
      return decideUpdateProfile(command, state);
    case 'ActivatePartner':
      return decideActivate(command, state);
    case 'MarkPartnerDormant':
      return decideMarkDormant(command, state);
    case 'ArchivePartner':
      return decideArchive(command, state);
    case 'RestorePartner':
      return decideRestore(command, state);
    case 'AddContact':
      return decideAddContact(command, state);
    case 'UpdateContact':
      return decideUpdateContact(command, state);
    case 'RemoveContact':
      return decideRemoveContact(command, state);
    case 'EraseContact':
      return decideEraseContact(command, state);
  }
}

/** The partner's decider with its stream: what `Writer` and the reactions write with. */
export const partnerDecider = {
  initialState: initialPartnerState,
  evolve: evolvePartner,
  decide: decidePartner,
  stream: partnerStream,
  // A registration's id was chosen by the server for it: no read before it.
  create: 'RegisterPartner' as const,
};
