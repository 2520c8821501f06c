import { given } from '@accord/event-store/testing';
import type { PartnerEvent } from '../src/partners/partner';
import { partnerDecider } from '../src/partners/partner.decide';

/** The partner the slices' specs start from (given / when / then on `partnerDecider`), and its events. */
export const partnerId = 'p-utokyo';
export const profile = {
  name: 'University of Tokyo',
  type: 'university' as const,
  country: 'JP',
  website: 'https://www.u-tokyo.ac.jp',
  technologyAreas: ['ai', 'brain-morphic-ai'],
};
export const today = '2026-03-01';
export const registered: PartnerEvent = {
  type: 'PartnerRegistered',
  data: { partnerId, tier: 'strategic', ...profile },
};
export const activated: PartnerEvent = {
  type: 'PartnerActivated',
  data: { partnerId, agreementId: 'a-1', activatedOn: '2016-09-05' },
};
export const archived: PartnerEvent = { type: 'PartnerArchived', data: { partnerId, reason: null, archivedOn: today } };
export const contactAdded: PartnerEvent = {
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
export const partner = () => given(partnerDecider);
export const seal = (plaintext: string) => `sealed(${plaintext})`;
