import { BusinessRuleError, NotFoundError, ValidationError } from '@accord/event-store';
import { given } from '@accord/event-store/testing';
import type { PartnerEvent } from './partner';
import { normalisePartnerName, normaliseTechnologyAreas, partnerDecider } from './partner.decide';

const partnerId = 'p-utokyo';
const profile = {
  name: 'University of Tokyo',
  type: 'university' as const,
  country: 'JP',
  website: 'https://www.u-tokyo.ac.jp',
  technologyAreas: ['ai', 'brain-morphic-ai'],
};
const registered: PartnerEvent = { type: 'PartnerRegistered', data: { partnerId, tier: 'strategic', ...profile } };
const activated: PartnerEvent = { type: 'PartnerActivated', data: { partnerId, agreementId: 'a-1' } };
const archived: PartnerEvent = { type: 'PartnerArchived', data: { partnerId, reason: null } };
const contactAdded: PartnerEvent = {
  type: 'ContactAdded',
  data: {
    partnerId,
    contactId: 'c-1',
    name: 'sealed(Ada)',
    email: 'sealed(ada@example.org)',
    role: 'legal',
    internal: false,
  },
};
const partner = () => given(partnerDecider);
const seal = (plaintext: string) => `sealed(${plaintext})`;

describe('registering a partner', () => {
  it('records the profile, normalised: trimmed name, upper-case country, hyphenated lower-case tags', () => {
    partner()
      .given([])
      .when({
        type: 'RegisterPartner',
        partnerId,
        tier: 'strategic',
        profile: {
          ...profile,
          name: '  University   of Tokyo ',
          country: 'jp',
          technologyAreas: ['AI', 'Brain Morphic AI', 'ai'],
        },
      })
      .then([
        {
          type: 'PartnerRegistered',
          data: { partnerId, tier: 'strategic', ...profile, technologyAreas: ['ai', 'brain-morphic-ai'] },
        },
      ]);
  });

  it('refuses a blank name', () => {
    partner()
      .given([])
      .when({ type: 'RegisterPartner', partnerId, tier: 'key', profile: { ...profile, name: '   ' } })
      .thenThrows(ValidationError, 'invalid_partner');
  });

  it('refuses to register the same id twice', () => {
    partner()
      .given([registered])
      .when({ type: 'RegisterPartner', partnerId, tier: 'key', profile })
      .thenThrows(BusinessRuleError, 'partner_exists');
  });
});

describe('updating the profile', () => {
  it('records only the fields that change, and a tier change as its own event', () => {
    partner()
      .given([registered])
      .when({
        type: 'UpdatePartnerProfile',
        changes: { name: 'University of Tokyo', country: 'jp', website: null },
        tier: 'key',
      })
      .then([
        { type: 'PartnerProfileUpdated', data: { partnerId, changes: { website: null } } },
        { type: 'PartnerTierChanged', data: { partnerId, from: 'strategic', to: 'key' } },
      ]);
  });

  it('records nothing when nothing changes', () => {
    partner()
      .given([registered])
      .when({ type: 'UpdatePartnerProfile', changes: { ...profile }, tier: 'strategic' })
      .thenNothing();
  });

  it('is refused for an unknown or archived partner', () => {
    partner()
      .given([])
      .when({ type: 'UpdatePartnerProfile', changes: { name: 'x' } })
      .thenThrows(NotFoundError, 'partner_not_found');
    partner()
      .given([registered, archived])
      .when({ type: 'UpdatePartnerProfile', changes: { name: 'x' } })
      .thenThrows(BusinessRuleError, 'partner_archived');
  });
});

describe('the status lifecycle: prospect → active → dormant → archived, and restore', () => {
  it('activates a prospect on its first partnership, and ignores later ones', () => {
    partner().given([registered]).when({ type: 'ActivatePartner', agreementId: 'a-1' }).then([activated]);
    partner().given([registered, activated]).when({ type: 'ActivatePartner', agreementId: 'a-2' }).thenNothing();
  });

  it('wakes a dormant partner with a new partnership, but leaves an archived one archived', () => {
    const dormant: PartnerEvent = {
      type: 'PartnerMarkedDormant',
      data: { partnerId, reason: 'no activity for a year' },
    };
    partner()
      .given([registered, activated, dormant])
      .when({ type: 'ActivatePartner', agreementId: 'a-9' })
      .then([{ type: 'PartnerActivated', data: { partnerId, agreementId: 'a-9' } }]);
    partner().given([registered, archived]).when({ type: 'ActivatePartner', agreementId: 'a-9' }).thenNothing();
  });

  it('marks only an active partner dormant', () => {
    partner()
      .given([registered, activated])
      .when({ type: 'MarkPartnerDormant', reason: 'no activity' })
      .then([{ type: 'PartnerMarkedDormant', data: { partnerId, reason: 'no activity' } }]);
    partner()
      .given([registered])
      .when({ type: 'MarkPartnerDormant', reason: null })
      .thenThrows(BusinessRuleError, 'partner_not_active');
  });

  it('archives from any status, once', () => {
    partner().given([registered, activated]).when({ type: 'ArchivePartner', reason: null }).then([archived]);
    partner().given([registered, archived]).when({ type: 'ArchivePartner', reason: null }).thenNothing();
  });

  it('restores to the status the partner had before it was archived', () => {
    partner()
      .given([registered, activated, archived])
      .when({ type: 'RestorePartner' })
      .then([{ type: 'PartnerRestored', data: { partnerId, status: 'active' } }]);
    partner()
      .given([registered])
      .when({ type: 'RestorePartner' })
      .thenThrows(BusinessRuleError, 'partner_not_archived');
  });
});

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

  it('can be erased even when removed or the partner is archived, and erasing twice changes nothing', () => {
    const erased: PartnerEvent = { type: 'ContactErased', data: { partnerId, contactId: 'c-1' } };
    partner()
      .given([registered, contactAdded, { type: 'ContactRemoved', data: { partnerId, contactId: 'c-1' } }, archived])
      .when({ type: 'EraseContact', contactId: 'c-1' })
      .then([erased]);
    partner().given([registered, contactAdded, erased]).when({ type: 'EraseContact', contactId: 'c-1' }).thenNothing();
  });

  it('cannot be added to an archived partner', () => {
    partner()
      .given([registered, archived])
      .when({ type: 'AddContact', contactId: 'c-2', name: 'n', email: 'e', role: 'other', internal: true, seal })
      .thenThrows(BusinessRuleError, 'partner_archived');
  });
});

describe('normalisation', () => {
  it('compares partner names regardless of case, accents, punctuation and a leading "The"', () => {
    expect(normalisePartnerName('The University of Tokyo')).toBe(normalisePartnerName('university of  TOKYO.'));
    expect(normalisePartnerName('Fraunhofer-IOSB')).toBe('fraunhofer iosb');
    expect(normalisePartnerName('Université Paris-Saclay')).toBe('universite paris saclay');
  });

  it('turns free technology areas into comparable tags', () => {
    expect(normaliseTechnologyAreas(['Quantum Cryptography', 'quantum_cryptography', ' AI ', '5G/6G'])).toEqual([
      'quantum-cryptography',
      'ai',
      '5g6g',
    ]);
  });
});
