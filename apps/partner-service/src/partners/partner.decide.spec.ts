import { BusinessRuleError, NotFoundError, ValidationError } from '@accord/event-store';
import { given } from '@accord/event-store/testing';
import { businessDateOf, withBusinessDate, type PartnerEvent } from './partner';
import { normalisePartnerName, normaliseTechnologyAreas, partnerDecider } from './partner.decide';

const partnerId = 'p-utokyo';
const profile = {
  name: 'University of Tokyo',
  type: 'university' as const,
  country: 'JP',
  website: 'https://www.u-tokyo.ac.jp',
  technologyAreas: ['ai', 'brain-morphic-ai'],
};
const today = '2026-03-01';
const registered: PartnerEvent = { type: 'PartnerRegistered', data: { partnerId, tier: 'strategic', ...profile } };
const activated: PartnerEvent = {
  type: 'PartnerActivated',
  data: { partnerId, agreementId: 'a-1', activatedOn: '2016-09-05' },
};
const archived: PartnerEvent = { type: 'PartnerArchived', data: { partnerId, reason: null, archivedOn: today } };
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

describe('the status lifecycle: prospect → active → dormant → archived, and restore', () => {
  const activate = (agreementId: string, activatedOn: string) =>
    ({ type: 'ActivatePartner', agreementId, activatedOn }) as const;
  const dormant: PartnerEvent = {
    type: 'PartnerMarkedDormant',
    data: { partnerId, reason: 'no activity for a year', markedDormantOn: '2024-04-01' },
  };

  it('activates a prospect as of the day its first partnership was established, and ignores later ones', () => {
    partner().given([registered]).when(activate('a-1', '2016-09-05')).then([activated]);
    partner().given([registered, activated]).when(activate('a-2', '2020-01-10')).thenNothing();
  });

  it('is not activated again by a partnership established earlier but logged later', () => {
    partner().given([registered, activated]).when(activate('a-0', '2015-02-01')).thenNothing();
  });

  it('wakes a dormant partner with a partnership established since, but leaves an archived one archived', () => {
    partner()
      .given([registered, activated, dormant])
      .when(activate('a-9', '2025-06-30'))
      .then([{ type: 'PartnerActivated', data: { partnerId, agreementId: 'a-9', activatedOn: '2025-06-30' } }]);
    partner().given([registered, archived]).when(activate('a-9', '2025-06-30')).thenNothing();
  });

  it('does not wake a dormant partner with a partnership established before it went dormant', () => {
    partner().given([registered, activated, dormant]).when(activate('a-5', '2019-05-01')).thenNothing();
  });

  it('marks only an active partner dormant, today or as of a past day', () => {
    partner()
      .given([registered, activated])
      .when({ type: 'MarkPartnerDormant', reason: 'no activity', today })
      .then([{ type: 'PartnerMarkedDormant', data: { partnerId, reason: 'no activity', markedDormantOn: today } }]);
    partner()
      .given([registered, activated])
      .when({ type: 'MarkPartnerDormant', reason: null, markedDormantOn: '2024-04-01', today })
      .then([{ type: 'PartnerMarkedDormant', data: { partnerId, reason: null, markedDormantOn: '2024-04-01' } }]);
    partner()
      .given([registered])
      .when({ type: 'MarkPartnerDormant', reason: null, today })
      .thenThrows(BusinessRuleError, 'partner_not_active');
  });

  it('archives from any status, once, as of today unless told otherwise', () => {
    partner().given([registered, activated]).when({ type: 'ArchivePartner', reason: null, today }).then([archived]);
    partner().given([registered, archived]).when({ type: 'ArchivePartner', reason: null, today }).thenNothing();
  });

  it('back-dates an archive, even to before the partner was registered or activated', () => {
    partner()
      .given([registered, activated])
      .when({ type: 'ArchivePartner', reason: 'alliance ended', archivedOn: '2012-03-31', today })
      .then([{ type: 'PartnerArchived', data: { partnerId, reason: 'alliance ended', archivedOn: '2012-03-31' } }]);
  });

  it.each([
    ['an archive', { type: 'ArchivePartner', reason: null, archivedOn: '2026-03-02', today }, [registered]],
    [
      'a dormancy',
      { type: 'MarkPartnerDormant', reason: null, markedDormantOn: '2027-01-01', today },
      [registered, activated],
    ],
    ['a restore', { type: 'RestorePartner', restoredOn: '2026-03-02', today }, [registered, archived]],
  ] as const)('refuses %s dated after today (date_in_future)', (_what, command, history) => {
    partner()
      .given([...history])
      .when(command)
      .thenThrows(BusinessRuleError, 'date_in_future');
  });

  it('restores to the status the partner had before it was archived', () => {
    partner()
      .given([registered, activated, archived])
      .when({ type: 'RestorePartner', today })
      .then([{ type: 'PartnerRestored', data: { partnerId, status: 'active', restoredOn: today } }]);
    partner()
      .given([registered])
      .when({ type: 'RestorePartner', today })
      .thenThrows(BusinessRuleError, 'partner_not_archived');
  });

  it('restores as of a past day, on or after the day of the archive (before_archived)', () => {
    const archivedIn2019: PartnerEvent = {
      type: 'PartnerArchived',
      data: { partnerId, reason: null, archivedOn: '2019-03-31' },
    };
    partner()
      .given([registered, activated, archivedIn2019])
      .when({ type: 'RestorePartner', restoredOn: '2019-03-31', today })
      .then([{ type: 'PartnerRestored', data: { partnerId, status: 'active', restoredOn: '2019-03-31' } }]);
    partner()
      .given([registered, activated, archivedIn2019])
      .when({ type: 'RestorePartner', restoredOn: '2019-03-30', today })
      .thenThrows(BusinessRuleError, 'before_archived');
  });

  it('replays events recorded before business dates were kept: their recorded day is their date', () => {
    const recordedArchive: PartnerEvent = { type: 'PartnerArchived', data: { partnerId, reason: null } };
    // As the command handler reads it from the store (withRecordedDates).
    const asRead = withBusinessDate(recordedArchive, '2021-07-15T09:30:00.000Z');
    expect(asRead.data).toEqual({ partnerId, reason: null, archivedOn: '2021-07-15' });
    expect(businessDateOf(activated, '2030-01-01T00:00:00.000Z')).toBe('2016-09-05');
    expect(businessDateOf(registered, '2030-01-01T00:00:00.000Z')).toBeNull();
    partner()
      .given([registered, asRead])
      .when({ type: 'RestorePartner', restoredOn: '2021-07-14', today })
      .thenThrows(BusinessRuleError, 'before_archived');
    // Without any date at all (a bare event), the archive's day is unknown and only the future is refused.
    partner()
      .given([registered, recordedArchive])
      .when({ type: 'RestorePartner', restoredOn: '2000-01-01', today })
      .then([{ type: 'PartnerRestored', data: { partnerId, status: 'prospect', restoredOn: '2000-01-01' } }]);
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
