import { recorded as recordedIn } from '@accord/event-store/testing';
import type { StoredEvent } from '@accord/event-store';
import { businessDay, happenedBy } from './business-time';
import type { ProjectEvent } from './project';

const P = 'p-brain-morphic';
const LOGGED = '2026-12-05T09:00:00.000Z';

/** The events as the store gives them back: recorded at `occurredAt`, in stream order. */
const recorded = (events: ProjectEvent[], occurredAt = LOGGED) => recordedIn(`project-${P}`, events, occurredAt);

const proposed: ProjectEvent = {
  type: 'ProjectProposed',
  data: {
    projectId: P,
    title: 'Brain-morphic AI',
    agreementIds: ['a1'],
    leadPartnerIds: ['p1'],
    technologyAreas: ['ai'],
    budget: { amount: 1000, currency: 'JPY' },
    team: [],
    proposedOn: '2019-04-01',
  },
};
const go = (decidedOn: string, stage: 'generate' | 'ideate'): ProjectEvent[] => [
  {
    type: 'GateDecisionRecorded',
    data: {
      projectId: P,
      gate: stage,
      stage,
      decision: 'go',
      gatekeepers: ['cto'],
      criteria: {},
      notes: null,
      decidedOn,
    },
  },
  {
    type: 'ProjectStageAdvanced',
    data: { projectId: P, from: stage, to: stage === 'generate' ? 'ideate' : 'develop', advancedOn: decidedOn },
  },
];

// Proposed in 2019, through two gates in 2019 and 2020, a milestone planned after them: all logged today.
const brainMorphic = recorded([
  proposed,
  ...go('2019-09-30', 'generate'),
  ...go('2020-03-12', 'ideate'),
  { type: 'MilestonePlanned', data: { projectId: P, milestoneId: 'm1', name: 'Chip', plannedDate: '2021-01-01' } },
]);
const types = (events: StoredEvent[]) => events.map((event) => event.type);

describe('happenedBy: a project as it stood in the world on a day', () => {
  it('keeps the acts dated on or before the day, whenever they were logged', () => {
    expect(happenedBy(brainMorphic, '2019-03-31')).toEqual([]);
    expect(types(happenedBy(brainMorphic, '2019-04-01'))).toEqual(['ProjectProposed']);
    expect(types(happenedBy(brainMorphic, '2019-12-31'))).toEqual([
      'ProjectProposed',
      'GateDecisionRecorded',
      'ProjectStageAdvanced',
    ]);
    expect(types(happenedBy(brainMorphic, '2020-03-12'))).toEqual(types(brainMorphic));
  });

  it('dates an undated act (a plan, a flag) with the act recorded before it', () => {
    const events = recorded([
      proposed,
      { type: 'ProjectFlagged', data: { projectId: P, agreementId: 'a1', reason: 'agreement_expired' } },
      ...go('2019-09-30', 'generate'),
      { type: 'MilestonePlanned', data: { projectId: P, milestoneId: 'm1', name: 'Chip', plannedDate: '2021-01-01' } },
    ]);
    expect(types(happenedBy(events, '2019-04-01'))).toEqual(['ProjectProposed', 'ProjectFlagged']);
    expect(types(happenedBy(events, '2019-09-29'))).toEqual(['ProjectProposed', 'ProjectFlagged']);
    expect(types(happenedBy(events, '2019-09-30'))).toEqual(types(events));
  });

  it('dates a milestone plan no later than its completion', () => {
    const events = recorded([
      proposed,
      ...go('2020-03-12', 'generate'),
      { type: 'MilestonePlanned', data: { projectId: P, milestoneId: 'm1', name: 'Chip', plannedDate: '2019-06-01' } },
      {
        type: 'MilestoneCompleted',
        data: { projectId: P, milestoneId: 'm1', actualDate: '2019-06-15', evidence: null },
      },
    ]);
    expect(types(happenedBy(events, '2019-06-15'))).toEqual([
      'ProjectProposed',
      'MilestonePlanned',
      'MilestoneCompleted',
    ]);
  });

  it('dates an act stored before it carried a date on the day it was recorded', () => {
    const events = [
      ...recorded([proposed], '2025-01-10T08:00:00.000Z'),
      ...recorded(
        [{ type: 'ProjectPutOnHold', data: { projectId: P, reason: 'agreement ended' } }],
        '2025-02-01T08:00:00.000Z',
      ),
    ];
    expect(businessDay(events[1])).toBe('2025-02-01');
    expect(types(happenedBy(events, '2025-01-31'))).toEqual(['ProjectProposed']);
    expect(types(happenedBy(events, '2025-02-01'))).toEqual(['ProjectProposed', 'ProjectPutOnHold']);
  });
});
