import { BusinessRuleError, fold } from '@accord/event-store';
import type { IsoDate, ProjectEvent } from './project';
import { projectDecider, type ProjectCommand } from './project.decide';
import {
  BRAIN,
  TRANSGENE_AGREEMENT,
  TG4050,
  tg4050,
  TODAY,
  propose,
  review,
  planned,
  outcome,
  project,
  decide,
  ideating,
} from '../../test/project.given';

describe('business dates (the day an act happened, recorded later)', () => {
  describe('milestones, budget, spend and outcomes', () => {
    const withMilestone = [...ideating, planned(BRAIN, 'm-chip', 'Prototype chip', '2019-03-31')];
    const complete = (actualDate: IsoDate): ProjectCommand => ({
      type: 'CompleteMilestone',
      milestoneId: 'm-chip',
      actualDate,
      evidence: null,
      today: TODAY,
    });
    const spend = (spentOn: IsoDate): ProjectCommand => ({
      type: 'RecordSpend',
      amount: 1_000_000,
      currency: 'JPY',
      description: 'Test chips',
      spentOn,
      today: TODAY,
    });
    const commit = (committedOn?: IsoDate): ProjectCommand => ({
      type: 'CommitBudget',
      amount: 5_000_000,
      currency: 'JPY',
      today: TODAY,
      ...(committedOn ? { committedOn } : {}),
    });
    const paper = (occurredOn: IsoDate) => outcome('o-paper', 'publication', 'Few-shot spiking networks', occurredOn);

    it.each([
      ['a milestone completion', withMilestone, complete],
      ['a spend', ideating, spend],
      ['a budget commitment', ideating, commit],
      ['an outcome', ideating, paper],
    ] as const)('refuses %s dated after today or before the proposal', (_act, history, command) => {
      project()
        .given([...history])
        .when(command('2026-06-02'))
        .thenThrows(BusinessRuleError, 'date_in_future');
      project()
        .given([...history])
        .when(command('2017-05-14'))
        .thenThrows(BusinessRuleError, 'before_proposed');
      // Today and the day it was proposed are both fine.
      expect(decide([...history], command(TODAY))).toHaveLength(1);
      expect(decide([...history], command('2017-05-15'))).toHaveLength(1);
    });

    it('dates a budget commitment committedOn when given, else today', () => {
      expect(decide(ideating, commit('2019-04-01'))).toEqual([
        { type: 'BudgetCommitted', data: expect.objectContaining({ committedOn: '2019-04-01' }) },
      ]);
      expect(decide(ideating, commit())).toEqual([
        { type: 'BudgetCommitted', data: expect.objectContaining({ committedOn: TODAY }) },
      ]);
    });

    it('dates a spin-out by its outcome', () => {
      const spinOut = outcome('o-spin', 'spin_out', 'Brainmorph', '2020-04-01', { spinOutCompany: 'Brainmorph K.K.' });
      expect(decide(ideating, spinOut)[1]).toEqual({
        type: 'ProjectSpunOut',
        data: { projectId: BRAIN, outcomeId: 'o-spin', company: 'Brainmorph K.K.', spunOutOn: '2020-04-01' },
      });
    });
  });
});

describe('a whole life, command by command', () => {
  it('folds what each decision records into the state the next one is decided on', () => {
    const commands: ProjectCommand[] = [
      propose(tg4050, { budget: { amount: 2_500_000, currency: 'eur' } }),
      { type: 'PlanMilestone', milestoneId: 'm-first-patient', name: 'First patient dosed', plannedDate: '2020-01-31' },
      { type: 'PlanMilestone', milestoneId: 'm-phase-i-data', name: 'Phase I data', plannedDate: '2022-09-30' },
      review('go', { today: '2019-09-30' }),
      review('recycle', { notes: 'Add the head-and-neck cohort', today: '2019-12-16' }),
      review('go', { today: '2020-01-20' }),
      {
        type: 'CompleteMilestone',
        milestoneId: 'm-first-patient',
        actualDate: '2020-02-12',
        evidence: null,
        today: TODAY,
      },
      {
        type: 'RecordSpend',
        amount: 1_800_000,
        currency: 'EUR',
        description: 'Trial sites',
        spentOn: '2020-06-30',
        today: TODAY,
      },
      { type: 'CommitBudget', amount: 500_000, currency: 'EUR', committedOn: '2020-07-01', today: TODAY },
      outcome('o-ep-filing', 'patent_filed', 'Neoantigen selection by deep learning', '2020-11-05', {
        patent: { jurisdiction: 'EP', applicationNumber: 'EP20306321' },
      }),
      outcome('o-asco-2022', 'publication', 'TG4050 phase I results (ASCO 2022)', '2022-06-05', {
        partnerIds: ['p-transgene'],
      }),
      {
        type: 'CompleteMilestone',
        milestoneId: 'm-phase-i-data',
        actualDate: '2022-06-05',
        evidence: 'ASCO 2022',
        today: TODAY,
      },
      review('go', { today: '2022-10-03' }),
      {
        type: 'RecordSpend',
        amount: 1_400_000,
        currency: 'eur',
        description: 'Phase I/II extension',
        spentOn: '2023-03-31',
        today: TODAY,
      },
      review('go', { notes: 'Phase I complete; phase II under a new agreement', today: '2024-01-15' }),
      outcome('o-ep-grant', 'patent_granted', 'Neoantigen selection by deep learning', '2024-07-01', {
        relatesTo: 'o-ep-filing',
      }),
    ];
    const history: ProjectEvent[] = [];
    for (const command of commands) history.push(...decide(history, command));
    expect(history.map((event) => event.type)).toEqual([
      'ProjectProposed',
      'MilestonePlanned',
      'MilestonePlanned',
      'GateDecisionRecorded',
      'ProjectStageAdvanced',
      'GateDecisionRecorded',
      'GateDecisionRecorded',
      'ProjectStageAdvanced',
      'MilestoneCompleted',
      'SpendRecorded',
      'BudgetCommitted',
      'OutcomeRecorded',
      'OutcomeRecorded',
      'MilestoneCompleted',
      'GateDecisionRecorded',
      'ProjectStageAdvanced',
      'SpendRecorded',
      'GateDecisionRecorded',
      'ProjectCompleted',
      'OutcomeRecorded',
    ]);
    expect(history.filter((event) => event.type === 'SpendRecorded').map(({ data }) => data)).toEqual([
      expect.objectContaining({ totalSpent: 1_800_000, overBudget: false }),
      expect.objectContaining({ totalSpent: 3_200_000, overBudget: true, currency: 'EUR' }),
    ]);
    expect(history.at(-1)).toMatchObject({
      data: { partnerIds: ['p-transgene'], patent: { jurisdiction: 'EP', applicationNumber: 'EP20306321' } },
    });
    expect(fold(projectDecider, history)).toEqual({
      exists: true,
      projectId: TG4050,
      agreementIds: [TRANSGENE_AGREEMENT],
      leadPartnerIds: ['p-transgene'],
      proposedOn: '2019-07-01',
      lastDecidedOn: '2024-01-15',
      stage: 'launch',
      status: 'completed',
      currency: 'EUR',
      budget: 3_000_000,
      spent: 3_200_000,
      milestones: { 'm-first-patient': { completed: true }, 'm-phase-i-data': { completed: true } },
      outcomes: {
        'o-ep-filing': {
          kind: 'patent_filed',
          patent: { jurisdiction: 'EP', applicationNumber: 'EP20306321' },
          relatesTo: null,
        },
        'o-asco-2022': { kind: 'publication', patent: null, relatesTo: null },
        'o-ep-grant': {
          kind: 'patent_granted',
          patent: { jurisdiction: 'EP', applicationNumber: 'EP20306321' },
          relatesTo: 'o-ep-filing',
        },
      },
      flaggedAgreements: [],
    });
  });
});
