import { BusinessRuleError } from '@accord/event-store';
import { archived, contactAdded, partner, registered, seal } from '../../../test/partner.given';

describe('contacts', () => {
  it('are added with sealed personal fields', () => {
    partner()
      .given([registered])
      .when({
        type: 'AddContact',
        contactId: 'c-1',
        name: 'Ada',
        email: 'ada@example.org',
        role: 'legal',
        internal: false,
        seal,
      })
      .then([contactAdded]);
  });

  it('cannot be added to an archived partner', () => {
    partner()
      .given([registered, archived])
      .when({ type: 'AddContact', contactId: 'c-2', name: 'n', email: 'e', role: 'other', internal: true, seal })
      .thenThrows(BusinessRuleError, 'partner_archived');
  });
});
