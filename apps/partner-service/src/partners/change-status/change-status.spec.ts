import { BusinessRuleError } from '@accord/event-store';
import { businessDateOf, withBusinessDate, type PartnerEvent } from '../partner';
import { activated, archived, partner, partnerId, registered, today } from '../../../test/partner.given';

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
