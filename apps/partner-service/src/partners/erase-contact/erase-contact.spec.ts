import type { PartnerEvent } from '../partner';
import { archived, contactAdded, partner, partnerId, registered } from '../../../test/partner.given';

describe('contacts', () => {
  it('can be erased even when removed or the partner is archived, and erasing twice changes nothing', () => {
    const erased: PartnerEvent = { type: 'ContactErased', data: { partnerId, contactId: 'c-1' } };
    partner()
      .given([registered, contactAdded, { type: 'ContactRemoved', data: { partnerId, contactId: 'c-1' } }, archived])
      .when({ type: 'EraseContact', contactId: 'c-1' })
      .then([erased]);
    partner().given([registered, contactAdded, erased]).when({ type: 'EraseContact', contactId: 'c-1' }).thenNothing();
  });
});
