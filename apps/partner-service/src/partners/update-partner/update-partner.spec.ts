import { BusinessRuleError, NotFoundError } from '@accord/event-store';
import { archived, partner, partnerId, profile, registered, today } from '../../../test/partner.given';

describe('updating the profile', () => {
  it('records only the fields that change, and a tier change as its own event', () => {
    partner()
      .given([registered])
      .when({
        type: 'UpdatePartnerProfile',
        changes: { name: 'University of Tokyo', country: 'jp', website: null },
        tier: 'key',
        today,
      })
      .then([
        { type: 'PartnerProfileUpdated', data: { partnerId, changes: { website: null } } },
        { type: 'PartnerTierChanged', data: { partnerId, from: 'strategic', to: 'key', changedOn: today } },
      ]);
  });

  it('dates a tier change as of effectiveOn, but never in the future', () => {
    partner()
      .given([registered])
      .when({ type: 'UpdatePartnerProfile', changes: {}, tier: 'key', effectiveOn: '2018-04-01', today })
      .then([
        { type: 'PartnerTierChanged', data: { partnerId, from: 'strategic', to: 'key', changedOn: '2018-04-01' } },
      ]);
    partner()
      .given([registered])
      .when({ type: 'UpdatePartnerProfile', changes: {}, tier: 'key', effectiveOn: '2026-03-02', today })
      .thenThrows(BusinessRuleError, 'date_in_future');
  });

  it('records nothing when nothing changes', () => {
    partner()
      .given([registered])
      .when({ type: 'UpdatePartnerProfile', changes: { ...profile }, tier: 'strategic', today })
      .thenNothing();
  });

  it('is refused for an unknown or archived partner', () => {
    partner()
      .given([])
      .when({ type: 'UpdatePartnerProfile', changes: { name: 'x' }, today })
      .thenThrows(NotFoundError, 'partner_not_found');
    partner()
      .given([registered, archived])
      .when({ type: 'UpdatePartnerProfile', changes: { name: 'x' }, today })
      .thenThrows(BusinessRuleError, 'partner_archived');
  });
});
