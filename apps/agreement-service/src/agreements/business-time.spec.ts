import { recorded as recordedIn } from '@accord/event-store/testing';
import type { StoredEvent } from '@accord/event-store';
import type { AgreementEvent } from './agreement';
import { happenedBy } from './business-time';

const A = 'a-utokyo';
const LOGGED = '2026-12-05T09:00:00.000Z';

/** The events as the store gives them back: recorded at `occurredAt`, in stream order. */
const recorded = (events: AgreementEvent[], occurredAt = LOGGED) => recordedIn(`agreement-${A}`, events, occurredAt);

const terms = {
  title: 'Alliance',
  purpose: null,
  partyIds: ['p-utokyo'],
  ownerId: 'ada',
  parentAgreementId: null,
  technologyAreas: [],
  effectiveDate: '2016-09-05',
  expiryDate: '2031-09-04',
  autoRenew: false,
  noticePeriodDays: 90,
  funding: [],
  ipTerms: { foregroundOwnership: 'joint' as const, publicationReviewDays: 30, backgroundIpListed: false },
};
// The 2016 alliance logged today without a drafting date: only its approval and signatures are dated.
const alliance = recorded([
  { type: 'AgreementDrafted', data: { agreementId: A, type: 'comprehensive_alliance', ...terms } },
  { type: 'AgreementSubmittedForReview', data: { agreementId: A } },
  { type: 'AgreementApproved', data: { agreementId: A, approvedBy: 'lee', approvedOn: '2016-08-29' } },
  { type: 'AgreementSignedByParty', data: { agreementId: A, partyId: 'p-utokyo', signedOn: '2016-09-01' } },
  { type: 'AgreementSignedByParty', data: { agreementId: A, partyId: 'company', signedOn: '2016-09-05' } },
  {
    type: 'AgreementFullyExecuted',
    data: { agreementId: A, executedOn: '2016-09-05', agreementType: 'comprehensive_alliance', terms },
  },
  { type: 'AgreementActivated', data: { agreementId: A, activatedOn: '2016-09-05' } },
  {
    type: 'ObligationAdded',
    data: { agreementId: A, obligationId: 'o1', kind: 'report', description: 'Annual', dueDate: '2027-03-31' },
  },
]);
const types = (events: StoredEvent[]) => events.map((event) => event.type);

describe('happenedBy: an agreement as it stood in the world on a day', () => {
  it('keeps the acts dated on or before the day, whenever they were logged', () => {
    expect(types(happenedBy(alliance, '2016-09-02'))).toEqual([
      'AgreementDrafted',
      'AgreementSubmittedForReview',
      'AgreementApproved',
      'AgreementSignedByParty',
    ]);
    expect(types(happenedBy(alliance, '2024-06-01'))).toEqual(types(alliance));
  });

  it('dates an undated draft no later than its first dated act, and an undated act with the act before it', () => {
    // Before the approval: nothing had happened yet (the draft is taken to be no later than 2016-08-29).
    expect(happenedBy(alliance, '2016-08-28')).toEqual([]);
    expect(types(happenedBy(alliance, '2016-08-29'))).toEqual([
      'AgreementDrafted',
      'AgreementSubmittedForReview',
      'AgreementApproved',
    ]);
  });

  it('dates a draft with no dated act at all on the day it was recorded', () => {
    const draft = recorded([alliance[0]], '2026-12-05T09:00:00.000Z');
    expect(happenedBy(draft, '2026-12-04')).toEqual([]);
    expect(types(happenedBy(draft, '2026-12-05'))).toEqual(['AgreementDrafted']);
  });
});
