import { BusinessRuleError, NotFoundError, ValidationError } from '@accord/event-store';
import type { ProjectEvent } from '../project';
import {
  BRAIN,
  brainMorphic,
  NICT_AGREEMENT,
  QKD,
  qkdStorage,
  TG4050,
  tg4050,
  TODAY,
  DECIDED,
  GATEKEEPERS,
  CRITERIA,
  review,
  gateRecorded,
  advanced,
  heldEvent,
  killed,
  completed,
  flagged,
  onHoldSince,
  historyAt,
  closedHistories,
  project,
  decide,
  stateOf,
  refusal,
  refusedWith,
  ideating,
} from '../../../test/project.given';

describe('gate reviews', () => {
  it('GO at the generate gate records the decision and advances the project to ideate', () => {
    project()
      .given([brainMorphic.proposed])
      .when(review('go', { notes: 'Strong fit with the alliance themes', today: '2017-09-29' }))
      .then([
        {
          type: 'GateDecisionRecorded',
          data: {
            projectId: BRAIN,
            gate: 'generate→ideate',
            stage: 'generate',
            decision: 'go',
            gatekeepers: GATEKEEPERS,
            criteria: CRITERIA,
            notes: 'Strong fit with the alliance themes',
            decidedOn: '2017-09-29',
          },
        },
        advanced(BRAIN, 'generate', 'ideate', '2017-09-29'),
      ]);
  });

  it.each([
    ['ideate', 'develop'],
    ['develop', 'launch'],
  ] as const)('GO at the %s gate advances the project to %s', (from, to) => {
    project()
      .given(historyAt(brainMorphic, from))
      .when(review('go'))
      .then([gateRecorded(BRAIN, from, 'go'), advanced(BRAIN, from, to)]);
    expect(
      stateOf([...historyAt(brainMorphic, from), ...decide(historyAt(brainMorphic, from), review('go'))]),
    ).toMatchObject({
      stage: to,
      status: 'active',
    });
  });

  it('GO at the launch gate completes the project, in the launch stage', () => {
    const history = historyAt(tg4050, 'launch');
    project()
      .given(history)
      .when(review('go', { notes: 'Trials reported' }))
      .then([gateRecorded(TG4050, 'launch', 'go', { notes: 'Trials reported' }), completed(TG4050)]);
    expect(decide(history, review('go'))[0]).toMatchObject({ data: { gate: 'launch→close' } });
    expect(stateOf([...history, ...decide(history, review('go'))])).toMatchObject({
      stage: 'launch',
      status: 'completed',
    });
  });

  it('KILL closes the project, for the reason in the notes', () => {
    const history = historyAt(qkdStorage, 'develop');
    project()
      .given(history)
      .when(review('kill', { notes: 'Key rates too low over deployed fibre' }))
      .then([
        gateRecorded(QKD, 'develop', 'kill', { notes: 'Key rates too low over deployed fibre' }),
        killed(QKD, 'Key rates too low over deployed fibre'),
      ]);
    expect(stateOf([...history, ...decide(history, review('kill'))])).toMatchObject({
      stage: 'develop',
      status: 'killed',
    });
  });

  it('KILL without notes gives a default reason naming the gate', () => {
    project()
      .given(historyAt(qkdStorage, 'develop'))
      .when(review('kill'))
      .then([gateRecorded(QKD, 'develop', 'kill'), killed(QKD, 'killed at the develop gate')]);
  });

  it('HOLD puts the project on hold, for the reason in the notes or a default one', () => {
    const history = historyAt(brainMorphic, 'ideate');
    project()
      .given(history)
      .when(review('hold', { notes: 'Waiting for the new neuromorphic chip' }))
      .then([
        gateRecorded(BRAIN, 'ideate', 'hold', { notes: 'Waiting for the new neuromorphic chip' }),
        heldEvent(BRAIN, 'Waiting for the new neuromorphic chip', DECIDED),
      ]);
    project()
      .given(history)
      .when(review('hold'))
      .then([gateRecorded(BRAIN, 'ideate', 'hold'), heldEvent(BRAIN, 'held at the ideate gate', DECIDED)]);
    expect(stateOf([...history, ...decide(history, review('hold'))])).toMatchObject({
      stage: 'ideate',
      status: 'on_hold',
    });
  });

  it('RECYCLE records only the decision: the project stays in its stage, to be reviewed again', () => {
    const history = historyAt(brainMorphic, 'ideate');
    project()
      .given(history)
      .when(review('recycle', { notes: 'Rework the evaluation plan' }))
      .then([gateRecorded(BRAIN, 'ideate', 'recycle', { notes: 'Rework the evaluation plan' })]);
    const recycled = [...history, ...decide(history, review('recycle'))];
    expect(stateOf(recycled)).toEqual(stateOf(history));
    project()
      .given(recycled)
      .when(review('go'))
      .then([gateRecorded(BRAIN, 'ideate', 'go'), advanced(BRAIN, 'ideate', 'develop')]);
  });

  it('RECYCLE at the launch gate does not complete the project', () => {
    project()
      .given(historyAt(tg4050, 'launch'))
      .when(review('recycle'))
      .then([gateRecorded(TG4050, 'launch', 'recycle')]);
  });

  it('accepts scores of 1 and 5, the ends of the scale', () => {
    const criteria = { strategicFit: 1, technicalFeasibility: 5 };
    project()
      .given([brainMorphic.proposed])
      .when(review('go', { criteria }))
      .then([gateRecorded(BRAIN, 'generate', 'go', { criteria }), advanced(BRAIN, 'generate', 'ideate')]);
  });

  it('refuses scores outside 1 to 5 or not whole, naming each criterion', () => {
    const criteria = {
      strategicFit: 4,
      technicalFeasibility: 0,
      marketAttractiveness: 6,
      partnerCommitment: 3.5,
      regulatoryRisk: -1,
      timeToMarket: Number.NaN,
    };
    project()
      .given([brainMorphic.proposed])
      .when(review('go', { criteria }))
      .thenThrows(ValidationError, 'criteria_out_of_range');
    const error = refusal([brainMorphic.proposed], review('go', { criteria })) as ValidationError;
    expect(error.errors.map(({ field }) => field)).toEqual([
      'criteria.technicalFeasibility',
      'criteria.marketAttractiveness',
      'criteria.partnerCommitment',
      'criteria.regulatoryRisk',
      'criteria.timeToMarket',
    ]);
  });

  it.each(['go', 'kill', 'recycle'] as const)('refuses a scored %s as much as any other decision', (decision) => {
    project()
      .given(historyAt(tg4050, 'develop'))
      .when(review(decision, { criteria: { strategicFit: 7 } }))
      .thenThrows(ValidationError, 'criteria_out_of_range');
  });

  it.each(['go', 'kill', 'hold', 'recycle'] as const)('refuses %s while the project is on hold', (decision) => {
    const history = [
      ...historyAt(brainMorphic, 'ideate'),
      gateRecorded(BRAIN, 'ideate', 'hold'),
      heldEvent(BRAIN, 'x'),
    ];
    project().given(history).when(review(decision)).thenThrows(BusinessRuleError, 'project_on_hold');
  });

  it('refuses a review of a project held since its agreement ended', () => {
    project()
      .given([qkdStorage.proposed, flagged(QKD, NICT_AGREEMENT), onHoldSince(QKD, NICT_AGREEMENT)])
      .when(review('go'))
      .thenThrows(BusinessRuleError, 'project_on_hold');
  });

  describe.each(closedHistories(tg4050))('refuses every decision once the project is %s', (status, history) => {
    it.each(['go', 'kill', 'hold', 'recycle'] as const)('%s', (decision) => {
      project().given(history).when(review(decision)).thenThrows(BusinessRuleError, 'project_closed');
      expect(refusal(history, review(decision))).toMatchObject({ message: expect.stringContaining(status) });
    });
  });

  it('is refused for an unknown project', () => {
    project().given([]).when(review('go')).thenThrows(NotFoundError, 'project_not_found');
  });
});

describe('business dates (the day an act happened, recorded later)', () => {
  describe('gate decisions', () => {
    it('dates the decision and what follows from it (advanced, held, killed, completed) by decidedOn', () => {
      project()
        .given(ideating)
        .when(review('go', { today: TODAY, decidedOn: '2019-03-01' }))
        .then([
          gateRecorded(BRAIN, 'ideate', 'go', { today: '2019-03-01' }),
          advanced(BRAIN, 'ideate', 'develop', '2019-03-01'),
        ]);
      project()
        .given(ideating)
        .when(review('hold', { today: TODAY, decidedOn: '2019-03-01' }))
        .then([
          gateRecorded(BRAIN, 'ideate', 'hold', { today: '2019-03-01' }),
          heldEvent(BRAIN, 'held at the ideate gate', '2019-03-01'),
        ]);
      project()
        .given(ideating)
        .when(review('kill', { today: TODAY, decidedOn: '2019-03-01' }))
        .then([
          gateRecorded(BRAIN, 'ideate', 'kill', { today: '2019-03-01' }),
          killed(BRAIN, 'killed at the ideate gate', '2019-03-01'),
        ]);
      project()
        .given(historyAt(tg4050, 'launch'))
        .when(review('go', { today: TODAY, decidedOn: '2024-01-15' }))
        .then([gateRecorded(TG4050, 'launch', 'go', { today: '2024-01-15' }), completed(TG4050, '2024-01-15')]);
    });

    it('is dated today when no date is given', () => {
      expect(decide(ideating, review('go', { today: TODAY }))).toEqual([
        gateRecorded(BRAIN, 'ideate', 'go', { today: TODAY }),
        advanced(BRAIN, 'ideate', 'develop', TODAY),
      ]);
    });

    it('refuses a decision dated after today with date_in_future', () => {
      refusedWith(ideating, review('go', { today: TODAY, decidedOn: '2026-06-02' }), 'date_in_future', {
        field: 'decidedOn',
        date: '2026-06-02',
        today: TODAY,
      });
    });

    it('refuses a decision dated before the project was proposed with before_proposed', () => {
      refusedWith([brainMorphic.proposed], review('go', { decidedOn: '2017-05-14' }), 'before_proposed', {
        field: 'decidedOn',
        date: '2017-05-14',
        proposedOn: '2017-05-15',
      });
      // The day it was proposed is fine.
      project()
        .given([brainMorphic.proposed])
        .when(review('go', { decidedOn: '2017-05-15' }))
        .then([
          gateRecorded(BRAIN, 'generate', 'go', { today: '2017-05-15' }),
          advanced(BRAIN, 'generate', 'ideate', '2017-05-15'),
        ]);
    });

    it('refuses a decision dated before the previous gate decision with before_previous_decision', () => {
      refusedWith(ideating, review('go', { decidedOn: '2018-01-19' }), 'before_previous_decision', {
        field: 'decidedOn',
        date: '2018-01-19',
        previousDecisionOn: '2018-01-20',
      });
      // After a RECYCLE too: the next review of the same gate comes after it.
      const recycled = [...ideating, gateRecorded(BRAIN, 'ideate', 'recycle', { today: '2018-06-01' })];
      project()
        .given(recycled)
        .when(review('go', { decidedOn: '2018-05-31' }))
        .thenThrows(BusinessRuleError, 'before_previous_decision');
      // The same day as the previous one is fine (two gates in one meeting).
      expect(decide(recycled, review('go', { decidedOn: '2018-06-01' }))).toHaveLength(2);
    });
  });

  it('replays events stored before the effects of a decision carried their date', () => {
    const old: ProjectEvent[] = [
      brainMorphic.proposed,
      gateRecorded(BRAIN, 'generate', 'go', { today: '2018-01-20' }),
      { type: 'ProjectStageAdvanced', data: { projectId: BRAIN, from: 'generate', to: 'ideate' } },
      gateRecorded(BRAIN, 'ideate', 'hold', { today: '2018-06-01' }),
      { type: 'ProjectPutOnHold', data: { projectId: BRAIN, reason: 'x' } },
      { type: 'ProjectResumed', data: { projectId: BRAIN } },
      { type: 'BudgetCommitted', data: { projectId: BRAIN, amount: 1, currency: 'JPY', totalBudget: 60_000_001 } },
    ];
    expect(stateOf(old)).toMatchObject({ stage: 'ideate', status: 'active', lastDecidedOn: '2018-06-01' });
    project()
      .given(old)
      .when(review('go', { decidedOn: '2018-05-31' }))
      .thenThrows(BusinessRuleError, 'before_previous_decision');
  });
});
