import { partnerTimeline, type ChangeRow, type Milestone } from './partner-timeline';

const change = (at: string, type: string, actor: string | null, extra: Partial<ChangeRow> = {}): ChangeRow => ({
  id: `${type}@${at}`,
  type,
  actor,
  at: new Date(at),
  subject: 'agreement',
  title: 'NICT joint R&D',
  ...extra,
});

describe("a partner's timeline", () => {
  const milestones: Milestone[] = [
    { date: '2025-11-20', kind: 'partner', what: 'Registered as a research institute' },
    { date: '2016-04-01', kind: 'agreement', what: 'NICT joint R&D (active)' },
    { date: '2025-11-27', kind: 'gate', what: 'Photonics: GO at generate→ideate' },
  ];
  const changes = [
    change('2025-11-20T08:00:00.000Z', 'accord.partner.registered.v1', 'user:ada', { subject: 'partner', title: null }),
    change('2025-11-27T10:15:00.000Z', 'accord.agreement.signed-by-party.v1', 'user:lee'),
    change('2025-11-28T00:00:00.000Z', 'accord.agreement.activated.v1', 'system:scheduler'),
  ];

  it('puts changes and milestones in one list, newest first, changes first within a day', () => {
    expect(partnerTimeline(milestones, changes).map((entry) => entry.what)).toEqual([
      'Agreement activated: NICT joint R&D',
      'Agreement signed by party: NICT joint R&D',
      'Photonics: GO at generate→ideate',
      'Registered as a research institute',
      'NICT joint R&D (active)',
    ]);
  });

  it('says who made each change, and when', () => {
    const [activated, signed] = partnerTimeline(milestones, changes);
    expect(signed).toEqual({
      date: '2025-11-27',
      kind: 'change',
      what: 'Agreement signed by party: NICT joint R&D',
      at: '2025-11-27T10:15:00.000Z',
      actor: 'user:lee',
      by: 'lee',
      type: 'accord.agreement.signed-by-party.v1',
      subject: 'agreement',
    });
    expect(activated).toMatchObject({ actor: 'system:scheduler', by: 'automatic' });
  });

  it('lists the registration once, as the milestone, with its author', () => {
    const timeline = partnerTimeline(milestones, changes);
    expect(timeline.filter((entry) => /regist/i.test(entry.what))).toEqual([
      {
        date: '2025-11-20',
        kind: 'partner',
        what: 'Registered as a research institute',
        at: '2025-11-20T08:00:00.000Z',
        actor: 'user:ada',
        by: 'ada',
      },
    ]);
  });

  it('keeps milestones as they are when the change log does not know them', () => {
    expect(partnerTimeline(milestones, [])).toEqual([milestones[2], milestones[0], milestones[1]]);
  });
});
