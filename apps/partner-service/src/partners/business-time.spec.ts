import { recorded as recordedIn } from '@accord/event-store/testing';
import type { StoredEvent } from '@accord/event-store';
import { daysOfActs, happenedBy } from './business-time';
import type { PartnerEvent } from './partner';

const P = 'p-fraunhofer';
const LOGGED = '2026-12-05T09:00:00.000Z';

/** The events as the store gives them back: recorded at `occurredAt`, in stream order. */
const recorded = (events: PartnerEvent[], occurredAt = LOGGED) => recordedIn(`partner-${P}`, events, occurredAt);

const registered: PartnerEvent = {
  type: 'PartnerRegistered',
  data: {
    partnerId: P,
    tier: 'standard',
    name: 'Fraunhofer IOSB',
    type: 'research_institute',
    country: 'DE',
    website: null,
    technologyAreas: [],
  },
};
const contact = (type: 'ContactRemoved' | 'ContactErased', contactId: string): PartnerEvent => ({
  type,
  data: { partnerId: P, contactId },
});
const added = (contactId: string): PartnerEvent => ({
  type: 'ContactAdded',
  data: { partnerId: P, contactId, name: 'v1:x', email: 'v1:y', role: 'legal', internal: false },
});

// Logged today: a tier change of 2014, an archive of 2019 and its restore in 2020, with a contact added after the archive.
const fraunhofer = recorded([
  registered,
  { type: 'PartnerTierChanged', data: { partnerId: P, from: 'standard', to: 'key', changedOn: '2014-04-01' } },
  { type: 'PartnerArchived', data: { partnerId: P, reason: 'testbed concluded', archivedOn: '2019-03-31' } },
  added('c1'),
  { type: 'PartnerRestored', data: { partnerId: P, status: 'prospect', restoredOn: '2020-01-15' } },
  { type: 'PartnerProfileUpdated', data: { partnerId: P, changes: { website: 'https://www.iosb.fraunhofer.de' } } },
]);
const types = (events: StoredEvent[]) => events.map((event) => event.type);

describe('happenedBy: a partner as it stood in the world on a day', () => {
  it('keeps the acts dated on or before the day, whenever they were logged', () => {
    expect(types(happenedBy(fraunhofer, '2018-12-31'))).toEqual(['PartnerRegistered', 'PartnerTierChanged']);
    expect(types(happenedBy(fraunhofer, '2019-03-31'))).toEqual([
      'PartnerRegistered',
      'PartnerTierChanged',
      'PartnerArchived',
      'ContactAdded',
    ]);
    expect(types(happenedBy(fraunhofer, '2020-01-15'))).toEqual(types(fraunhofer));
  });

  it('dates the registration no later than its earliest dated act, and an undated act with the act before it', () => {
    expect(daysOfActs(fraunhofer)).toEqual([
      '2014-04-01',
      '2014-04-01',
      '2019-03-31',
      '2019-03-31',
      '2020-01-15',
      '2020-01-15',
    ]);
    expect(happenedBy(fraunhofer, '2014-03-31')).toEqual([]);
  });

  it('takes the earliest dated act, not the first recorded, as the bound for the registration', () => {
    const events = recorded([
      registered,
      { type: 'PartnerArchived', data: { partnerId: P, reason: null, archivedOn: '2019-03-31' } },
      { type: 'PartnerTierChanged', data: { partnerId: P, from: 'standard', to: 'key', changedOn: '2010-01-01' } },
    ]);
    expect(types(happenedBy(events, '2012-01-01'))).toEqual(['PartnerRegistered', 'PartnerTierChanged']);
  });

  it('dates a registration with no dated act at all on the day it was recorded', () => {
    const events = recorded([registered, added('c1')]);
    expect(happenedBy(events, '2026-12-04')).toEqual([]);
    expect(types(happenedBy(events, '2026-12-05'))).toEqual(['PartnerRegistered', 'ContactAdded']);
  });

  it('dates a status change stored without its date on the day it was recorded', () => {
    const events = [
      ...recorded([registered], '2025-01-10T08:00:00.000Z'),
      ...recorded([{ type: 'PartnerArchived', data: { partnerId: P, reason: null } }], '2025-02-01T08:00:00.000Z'),
    ];
    expect(types(happenedBy(events, '2025-01-31'))).toEqual(['PartnerRegistered']);
    expect(types(happenedBy(events, '2025-02-01'))).toEqual(['PartnerRegistered', 'PartnerArchived']);
  });

  it("never keeps a contact's removal or erasure without its addition", () => {
    // The contact is added after a 2019 archive; a tier change of 2010 is logged after it, then the erasure.
    const events = recorded([
      registered,
      { type: 'PartnerArchived', data: { partnerId: P, reason: null, archivedOn: '2019-03-31' } },
      added('c1'),
      { type: 'PartnerTierChanged', data: { partnerId: P, from: 'standard', to: 'key', changedOn: '2010-01-01' } },
      contact('ContactRemoved', 'c1'),
      contact('ContactErased', 'c1'),
    ]);
    expect(types(happenedBy(events, '2015-01-01'))).toEqual(['PartnerRegistered', 'PartnerTierChanged']);
    expect(types(happenedBy(events, '2019-03-31'))).toEqual(types(events));
  });
});
