import { BusinessRuleError, NotFoundError } from '@accord/event-store';
import type { IsoDate, ProjectEvent } from '../project';
import type { ProjectCommand } from '../project.decide';
import { MAX_TOTAL } from '../budget/budget.decide';
import {
  BRAIN,
  brainMorphic,
  NICT_AGREEMENT,
  QKD,
  qkdStorage,
  TG4050,
  tg4050,
  TODAY,
  flagged,
  onHoldSince,
  closedHistories,
  project,
  decide,
  stateOf,
  refusal,
} from '../../../test/project.given';

describe('budget and spend', () => {
  const commit = (amount: number, currency = 'JPY', committedOn?: IsoDate): ProjectCommand => ({
    type: 'CommitBudget',
    amount,
    currency,
    today: TODAY,
    ...(committedOn ? { committedOn } : {}),
  });
  const spend = (amount: number, description: string, spentOn: IsoDate, currency = 'JPY'): ProjectCommand => ({
    type: 'RecordSpend',
    amount,
    currency,
    description,
    spentOn,
    today: TODAY,
  });
  const committed = (
    projectId: string,
    amount: number,
    totalBudget: number,
    currency = 'JPY',
    committedOn: IsoDate = TODAY,
  ): ProjectEvent => ({
    type: 'BudgetCommitted',
    data: { projectId, amount, currency, totalBudget, committedOn },
  });
  const spent = (
    projectId: string,
    amount: number,
    description: string,
    spentOn: IsoDate,
    totalSpent: number,
    overBudget = false,
    currency = 'JPY',
  ): ProjectEvent => ({
    type: 'SpendRecorded',
    data: { projectId, amount, currency, description, spentOn, totalSpent, overBudget },
  });

  it('adds a commitment to the total budget', () => {
    project()
      .given([brainMorphic.proposed])
      .when(commit(20_000_000))
      .then([committed(BRAIN, 20_000_000, 80_000_000)]);
    const history = [brainMorphic.proposed, committed(BRAIN, 20_000_000, 80_000_000)];
    project()
      .given(history)
      .when(commit(5_000_000))
      .then([committed(BRAIN, 5_000_000, 85_000_000)]);
    expect(stateOf(history)).toMatchObject({ budget: 80_000_000 });
  });

  it('takes the currency in any case, and records the project’s', () => {
    project()
      .given([tg4050.proposed])
      .when(commit(500_000, 'eur'))
      .then([committed(TG4050, 500_000, 3_000_000, 'EUR')]);
  });

  it('refuses a commitment in another currency', () => {
    project()
      .given([tg4050.proposed])
      .when(commit(75_000_000, 'JPY'))
      .thenThrows(BusinessRuleError, 'currency_mismatch');
    expect(refusal([tg4050.proposed], commit(75_000_000, 'JPY'))).toMatchObject({
      message: expect.stringContaining('EUR, not JPY'),
    });
  });

  it('may commit budget while the project is on hold', () => {
    project()
      .given([qkdStorage.proposed, flagged(QKD, NICT_AGREEMENT), onHoldSince(QKD, NICT_AGREEMENT)])
      .when(commit(5_000_000))
      .then([committed(QKD, 5_000_000, 50_000_000)]);
  });

  it.each(closedHistories(brainMorphic))('refuses to commit budget once the project is %s', (_status, history) => {
    project().given(history).when(commit(1_000_000)).thenThrows(BusinessRuleError, 'project_closed');
  });

  it('accumulates what is spent', () => {
    const first = spent(BRAIN, 12_000_000, 'Neuromorphic boards', '2017-11-10', 12_000_000);
    project()
      .given([brainMorphic.proposed])
      .when(spend(12_000_000, 'Neuromorphic boards', '2017-11-10'))
      .then([first]);
    project()
      .given([brainMorphic.proposed, first])
      .when(spend(3_500_000, 'Visiting researcher, 6 months', '2018-01-15', 'jpy'))
      .then([spent(BRAIN, 3_500_000, 'Visiting researcher, 6 months', '2018-01-15', 15_500_000)]);
    expect(stateOf([brainMorphic.proposed, first])).toMatchObject({ spent: 12_000_000, budget: 60_000_000 });
  });

  it('is not over budget when it spends the budget exactly', () => {
    project()
      .given([qkdStorage.proposed, spent(QKD, 40_000_000, 'QKD link rental', '2020-03-31', 40_000_000)])
      .when(spend(5_000_000, 'Secret-sharing servers', '2020-06-30'))
      .then([spent(QKD, 5_000_000, 'Secret-sharing servers', '2020-06-30', 45_000_000, false)]);
  });

  it('records spending past the budget, flagged as over budget', () => {
    const history = [qkdStorage.proposed, spent(QKD, 40_000_000, 'QKD link rental', '2020-03-31', 40_000_000)];
    project()
      .given(history)
      .when(spend(8_000_000, 'Field trial extension', '2020-09-30'))
      .then([spent(QKD, 8_000_000, 'Field trial extension', '2020-09-30', 48_000_000, true)]);
    expect(
      stateOf([...history, ...decide(history, spend(8_000_000, 'Field trial extension', '2020-09-30'))]),
    ).toMatchObject({
      spent: 48_000_000,
      budget: 45_000_000,
    });
  });

  it('measures spending against the budget as committed since', () => {
    const history = [
      qkdStorage.proposed,
      spent(QKD, 40_000_000, 'QKD link rental', '2020-03-31', 40_000_000),
      committed(QKD, 10_000_000, 55_000_000),
    ];
    project()
      .given(history)
      .when(spend(8_000_000, 'Field trial extension', '2020-09-30'))
      .then([spent(QKD, 8_000_000, 'Field trial extension', '2020-09-30', 48_000_000, false)]);
  });

  // Amounts are summed to the cent: 120,450.10 + 30,200.20 is exactly 150,650.30, not over a budget of it.
  it('is not over budget when it spends a budget in cents exactly', () => {
    const history = [
      { ...tg4050.proposed, data: { ...tg4050.proposed.data, budget: { amount: 150_650.3, currency: 'EUR' } } },
      spent(TG4050, 120_450.1, 'Sequencing, first cohort', '2020-02-28', 120_450.1, false, 'EUR'),
    ];
    expect(decide(history, spend(30_200.2, 'Peptide synthesis', '2020-04-30', 'EUR'))).toEqual([
      spent(TG4050, 30_200.2, 'Peptide synthesis', '2020-04-30', 150_650.3, false, 'EUR'),
    ]);
  });

  it('refuses spending in another currency', () => {
    project()
      .given([tg4050.proposed])
      .when(spend(1_000_000, 'Assay kits', '2019-09-01', 'USD'))
      .thenThrows(BusinessRuleError, 'currency_mismatch');
  });

  it('refuses totals beyond what is stored exactly', () => {
    project()
      .given([tg4050.proposed])
      .when(spend(MAX_TOTAL + 1, 'A typo of a few zeros', '2019-09-01', 'EUR'))
      .thenThrows(BusinessRuleError, 'amount_too_large');
  });

  it('records spending after the project closed (invoices that come late)', () => {
    const [[, history]] = closedHistories(tg4050);
    project()
      .given(history)
      .when(spend(12_000, 'Final audit', '2025-02-15', 'EUR'))
      .then([spent(TG4050, 12_000, 'Final audit', '2025-02-15', 12_000, false, 'EUR')]);
  });

  it('is refused for an unknown project', () => {
    project().given([]).when(commit(1)).thenThrows(NotFoundError, 'project_not_found');
    project()
      .given([])
      .when(spend(1, 'x', '2020-01-01'))
      .thenThrows(NotFoundError, 'project_not_found');
  });
});
