import { normaliseTechnologyAreas } from '@accord/contracts';
import { BusinessRuleError, ValidationError } from '@accord/event-store';
import type { PartnerEvent, PartnerProfile, PartnerState, PartnerTier } from '../partner';

export type RegisterPartner = {
  type: 'RegisterPartner';
  partnerId: string;
  profile: PartnerProfile;
  tier: PartnerTier;
};

/** A profile as it is recorded, on registration and on every update: the duplicate guard compares these. */
export function normaliseProfile<P extends Partial<PartnerProfile>>(profile: P): P {
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

export function decideRegister(command: RegisterPartner, state: PartnerState): PartnerEvent[] {
  if (state.exists) throw new BusinessRuleError('partner_exists', 'a partner with this id exists');
  return [
    {
      type: 'PartnerRegistered',
      data: { partnerId: command.partnerId, tier: command.tier, ...normaliseProfile(command.profile) },
    },
  ];
}
