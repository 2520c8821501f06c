import { BusinessRuleError, checkBusinessDate } from '@accord/event-store';
import type { IsoDate, PartnerEvent, PartnerState } from '../partner';
import { existing, notArchived } from '../partner.rules';

/** `activatedOn`: the day the partnership that activates the partner was established. */
export type ActivatePartner = { type: 'ActivatePartner'; agreementId: string | null; activatedOn: IsoDate };
export type MarkPartnerDormant = {
  type: 'MarkPartnerDormant';
  reason: string | null;
  markedDormantOn?: IsoDate;
  today: IsoDate;
};
export type ArchivePartner = { type: 'ArchivePartner'; reason: string | null; archivedOn?: IsoDate; today: IsoDate };
export type RestorePartner = { type: 'RestorePartner'; restoredOn?: IsoDate; today: IsoDate };

export function decideActivate(command: ActivatePartner, state: PartnerState): PartnerEvent[] {
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

export function decideMarkDormant(command: MarkPartnerDormant, state: PartnerState): PartnerEvent[] {
  const partner = notArchived(state);
  const markedDormantOn = checkBusinessDate('markedDormantOn', command.markedDormantOn ?? command.today, command.today);
  if (partner.status === 'dormant') return [];
  if (partner.status !== 'active') {
    throw new BusinessRuleError('partner_not_active', 'only an active partner can become dormant');
  }
  return [
    { type: 'PartnerMarkedDormant', data: { partnerId: partner.partnerId, reason: command.reason, markedDormantOn } },
  ];
}

export function decideArchive(command: ArchivePartner, state: PartnerState): PartnerEvent[] {
  const partner = existing(state);
  const archivedOn = checkBusinessDate('archivedOn', command.archivedOn ?? command.today, command.today);
  if (partner.status === 'archived') return [];
  return [{ type: 'PartnerArchived', data: { partnerId: partner.partnerId, reason: command.reason, archivedOn } }];
}

export function decideRestore(command: RestorePartner, state: PartnerState): PartnerEvent[] {
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
