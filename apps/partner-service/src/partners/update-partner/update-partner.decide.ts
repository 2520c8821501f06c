import { checkBusinessDate } from '@accord/event-store';
import type { IsoDate, PartnerEvent, PartnerProfile, PartnerState, PartnerTier } from '../partner';
import { notArchived } from '../partner.rules';
import { normaliseProfile } from '../register-partner/register-partner.decide';

export type UpdatePartnerProfile = {
  type: 'UpdatePartnerProfile';
  changes: Partial<PartnerProfile>;
  tier?: PartnerTier;
  /** The business date of a tier change; today when not given. */
  effectiveOn?: IsoDate;
  today: IsoDate;
};

export function decideUpdateProfile(command: UpdatePartnerProfile, state: PartnerState): PartnerEvent[] {
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
