import { BusinessRuleError, ValidationError } from '@accord/event-store';
import type { GateDecision, IsoDate, ProjectEvent } from '../project';
import type { PastGateDecision } from '../propose-project/propose-project.decide';
import {
  UTOKYO_ALLIANCE,
  UTOKYO_RESEARCH,
  BRAIN,
  brainMorphic,
  NICT_AGREEMENT,
  qkdStorage,
  OSAKA_AGREEMENT,
  genomeAnalysis,
  tg4050,
  TODAY,
  GATEKEEPERS,
  CRITERIA,
  propose,
  heldEvent,
  project,
  decide,
  stateOf,
  refusal,
  refusedWith,
} from '../../../test/project.given';

describe('proposing a project', () => {
  it('records the project, its agreements, leads, areas, budget and team, on the day it is proposed', () => {
    project().given([]).when(propose(brainMorphic)).then([brainMorphic.proposed]);
  });

  it('starts it in the generate stage, active, with its budget and nothing spent', () => {
    expect(stateOf([brainMorphic.proposed])).toEqual({
      exists: true,
      projectId: BRAIN,
      agreementIds: [UTOKYO_ALLIANCE, UTOKYO_RESEARCH],
      leadPartnerIds: ['p-utokyo'],
      proposedOn: '2017-05-15',
      lastDecidedOn: null,
      stage: 'generate',
      status: 'active',
      currency: 'JPY',
      budget: 60_000_000,
      spent: 0,
      milestones: {},
      outcomes: {},
      flaggedAgreements: [],
    });
  });

  it('records the budget currency in upper case', () => {
    project()
      .given([])
      .when(propose(tg4050, { budget: { amount: 2_500_000, currency: 'eur' } }))
      .then([tg4050.proposed]);
    expect(stateOf(decide([], propose(tg4050, { budget: { amount: 2_500_000, currency: 'Eur' } })))).toMatchObject({
      currency: 'EUR',
    });
  });

  it('refuses an agreement not yet signed, naming it and its state', () => {
    project().given([]).when(propose(genomeAnalysis)).thenThrows(BusinessRuleError, 'agreement_not_valid');
    expect(refusal([], propose(genomeAnalysis))).toMatchObject({
      code: 'agreement_not_valid',
      details: { agreements: { [OSAKA_AGREEMENT]: 'pending' } },
      message: expect.stringContaining(`${OSAKA_AGREEMENT} (pending)`),
    });
  });

  it('refuses an agreement that has ended', () => {
    const command = propose(qkdStorage, { agreements: { [NICT_AGREEMENT]: 'ended' } });
    project().given([]).when(command).thenThrows(BusinessRuleError, 'agreement_not_valid');
    expect(refusal([], command)).toMatchObject({ details: { agreements: { [NICT_AGREEMENT]: 'ended' } } });
  });

  it('refuses an unknown agreement, whether the local copy says so or has never heard of it', () => {
    const command = propose(brainMorphic, { agreements: { [UTOKYO_ALLIANCE]: 'unknown' } });
    project().given([]).when(command).thenThrows(BusinessRuleError, 'agreement_not_valid');
    expect(refusal([], command)).toMatchObject({
      details: { agreements: { [UTOKYO_ALLIANCE]: 'unknown', [UTOKYO_RESEARCH]: 'unknown' } },
      message: expect.stringContaining(`${UTOKYO_ALLIANCE} (unknown), ${UTOKYO_RESEARCH} (unknown)`),
    });
  });

  it('names every agreement that is not valid, and only those', () => {
    const command = propose(brainMorphic, {
      agreementIds: [UTOKYO_ALLIANCE, UTOKYO_RESEARCH, OSAKA_AGREEMENT, 'a-nowhere'],
      agreements: { [UTOKYO_ALLIANCE]: 'valid', [UTOKYO_RESEARCH]: 'ended', [OSAKA_AGREEMENT]: 'pending' },
    });
    const error = refusal([], command) as BusinessRuleError;
    expect(error).toBeInstanceOf(BusinessRuleError);
    expect(error.code).toBe('agreement_not_valid');
    expect(error.details).toEqual({
      agreements: { [UTOKYO_RESEARCH]: 'ended', [OSAKA_AGREEMENT]: 'pending', 'a-nowhere': 'unknown' },
    });
    expect(error.message).not.toContain(UTOKYO_ALLIANCE);
  });

  it('refuses lead partners that are not a party to any of its agreements, naming them', () => {
    const command = propose(brainMorphic, { leadPartnerIds: ['p-utokyo', 'p-nict', 'p-osaka-u'] });
    project().given([]).when(command).thenThrows(BusinessRuleError, 'lead_not_a_party');
    expect(refusal([], command)).toMatchObject({
      code: 'lead_not_a_party',
      details: { partnerIds: ['p-nict', 'p-osaka-u'] },
      message: expect.stringContaining('p-nict, p-osaka-u'),
    });
  });

  it('accepts lead partners that are each a party to one of its agreements', () => {
    const command = propose(qkdStorage, {
      agreementIds: [NICT_AGREEMENT, UTOKYO_ALLIANCE],
      leadPartnerIds: ['p-nict', 'p-utokyo'],
      agreements: { [NICT_AGREEMENT]: 'valid', [UTOKYO_ALLIANCE]: 'valid' },
      agreementParties: ['p-nict', 'p-utokyo'],
    });
    expect(decide([], command)).toEqual([
      {
        ...qkdStorage.proposed,
        data: {
          ...qkdStorage.proposed.data,
          agreementIds: [NICT_AGREEMENT, UTOKYO_ALLIANCE],
          leadPartnerIds: ['p-nict', 'p-utokyo'],
        },
      },
    ]);
  });

  it('checks the agreements before the lead partners', () => {
    project()
      .given([])
      .when(propose(genomeAnalysis, { leadPartnerIds: ['p-transgene'] }))
      .thenThrows(BusinessRuleError, 'agreement_not_valid');
  });

  it('refuses to propose the same id twice', () => {
    project()
      .given([brainMorphic.proposed])
      .when(propose(brainMorphic))
      .thenThrows(BusinessRuleError, 'project_exists');
    // Whatever else is wrong with the second proposal.
    project()
      .given([brainMorphic.proposed])
      .when(propose(brainMorphic, { agreements: {} }))
      .thenThrows(BusinessRuleError, 'project_exists');
  });
});

describe('business dates (the day an act happened, recorded later)', () => {
  describe('proposing', () => {
    it('is dated proposedOn when given (a project logged after the fact), else today', () => {
      project()
        .given([])
        .when(propose(brainMorphic, { today: TODAY, proposedOn: '2017-05-15' }))
        .then([brainMorphic.proposed]);
      expect(decide([], propose(brainMorphic, { today: TODAY }))[0]).toMatchObject({ data: { proposedOn: TODAY } });
    });

    it('refuses a proposal dated after today with date_in_future', () => {
      refusedWith([], propose(brainMorphic, { today: TODAY, proposedOn: '2026-06-02' }), 'date_in_future', {
        field: 'proposedOn',
        date: '2026-06-02',
        today: TODAY,
      });
    });
  });
});

describe('logging a project at its current stage with its past gate decisions, in one command', () => {
  const past = (decision: GateDecision, decidedOn: IsoDate, notes: string | null = null): PastGateDecision => ({
    decision,
    gatekeepers: GATEKEEPERS,
    criteria: CRITERIA,
    notes,
    decidedOn,
  });
  const proposedOn = brainMorphic.proposed.data.proposedOn;
  const logging = (gateDecisions: PastGateDecision[]) =>
    propose(brainMorphic, { today: TODAY, proposedOn, gateDecisions });

  it('records what proposing and reviewing step by step would record, ending at the stage they led to', () => {
    const decisions = [past('go', '2017-09-29', 'Strong fit'), past('recycle', '2018-03-01'), past('go', '2018-06-15')];
    let stepByStep: ProjectEvent[] = decide([], propose(brainMorphic, { today: TODAY, proposedOn }));
    for (const { decidedOn, ...d } of decisions) {
      stepByStep = [
        ...stepByStep,
        ...decide(stepByStep, { type: 'RecordGateDecision', ...d, decidedOn, today: TODAY }),
      ];
    }
    project().given([]).when(logging(decisions)).then(stepByStep);
    expect(stepByStep.map((e) => e.type)).toEqual([
      'ProjectProposed',
      'GateDecisionRecorded',
      'ProjectStageAdvanced',
      'GateDecisionRecorded',
      'GateDecisionRecorded',
      'ProjectStageAdvanced',
    ]);
    expect(stateOf(stepByStep)).toMatchObject({ stage: 'develop', status: 'active', lastDecidedOn: '2018-06-15' });
  });

  it('logs a project killed or held at a gate', () => {
    const events = decide([], logging([past('go', '2017-09-29'), past('hold', '2018-03-01', 'No chip yet')]));
    expect(events.at(-1)).toEqual(heldEvent(BRAIN, 'No chip yet', '2018-03-01'));
    expect(stateOf(events)).toMatchObject({ stage: 'ideate', status: 'on_hold' });
  });

  it('refuses decisions out of date order, naming the one refused', () => {
    const command = logging([past('go', '2018-03-01'), past('go', '2017-09-29')]);
    project().given([]).when(command).thenThrows(BusinessRuleError, 'before_previous_decision');
    expect(refusal([], command)).toMatchObject({
      message: expect.stringContaining('gateDecisions.1'),
      details: { field: 'gateDecisions.1.decidedOn', gateDecision: 1, previousDecisionOn: '2018-03-01' },
    });
  });

  it('refuses a decision before the proposal or after today', () => {
    project()
      .given([])
      .when(logging([past('go', '2017-05-14')]))
      .thenThrows(BusinessRuleError, 'before_proposed');
    project()
      .given([])
      .when(logging([past('go', '2017-09-29'), past('go', '2026-06-02')]))
      .thenThrows(BusinessRuleError, 'date_in_future');
  });

  it('refuses a decision after one that closed or held the project', () => {
    project()
      .given([])
      .when(logging([past('kill', '2017-09-29'), past('go', '2018-01-10')]))
      .thenThrows(BusinessRuleError, 'project_closed');
    project()
      .given([])
      .when(logging([past('hold', '2017-09-29'), past('go', '2018-01-10')]))
      .thenThrows(BusinessRuleError, 'project_on_hold');
  });

  it('names the scores out of range by the decision they belong to', () => {
    const command = logging([past('go', '2017-09-29'), { ...past('go', '2018-01-10'), criteria: { strategicFit: 9 } }]);
    project().given([]).when(command).thenThrows(ValidationError, 'criteria_out_of_range');
    expect((refusal([], command) as ValidationError).errors.map((e) => e.field)).toEqual([
      'gateDecisions.1.criteria.strategicFit',
    ]);
  });

  it('checks the agreements before the decisions', () => {
    project()
      .given([])
      .when(
        propose(brainMorphic, {
          today: TODAY,
          gateDecisions: [past('go', '2026-06-02')],
          agreements: { [UTOKYO_ALLIANCE]: 'ended' },
        }),
      )
      .thenThrows(BusinessRuleError, 'agreement_not_valid');
  });
});
