import { BusinessRuleError, NotFoundError } from '@accord/event-store';
import type { PartnerEvent } from '../partner';
import { contactAdded, partner, partnerId, registered, seal } from '../../../test/partner.given';

describe('contacts', () => {
  it('record only real changes to role and side', () => {
    partner()
      .given([registered, contactAdded])
      .when({
        type: 'UpdateContact',
        contactId: 'c-1',
        changes: { role: 'legal', internal: true, email: 'a@x.org' },
        seal,
      })
      .then([
        {
          type: 'ContactUpdated',
          data: { partnerId, contactId: 'c-1', changes: { internal: true, email: 'sealed(a@x.org)' } },
        },
      ]);
    partner()
      .given([registered, contactAdded])
      .when({ type: 'UpdateContact', contactId: 'c-1', changes: { role: 'legal' }, seal })
      .thenNothing();
  });

  it('cannot be changed once removed or erased, and unknown ones are not found', () => {
    const removed: PartnerEvent = { type: 'ContactRemoved', data: { partnerId, contactId: 'c-1' } };
    const erased: PartnerEvent = { type: 'ContactErased', data: { partnerId, contactId: 'c-1' } };
    partner()
      .given([registered, contactAdded, removed])
      .when({ type: 'RemoveContact', contactId: 'c-1' })
      .thenThrows(NotFoundError, 'contact_not_found');
    partner()
      .given([registered, contactAdded, erased])
      .when({ type: 'UpdateContact', contactId: 'c-1', changes: { role: 'finance' }, seal })
      .thenThrows(BusinessRuleError, 'contact_erased');
    partner()
      .given([registered])
      .when({ type: 'EraseContact', contactId: 'c-9' })
      .thenThrows(NotFoundError, 'contact_not_found');
  });
});
