import type { IsoDate, ProjectEvent, ProjectState } from '../project';
import { actedOn, existing, open, rule, type Existing } from '../project.rules';

export interface CommitBudget {
  type: 'CommitBudget';
  amount: number;
  currency: string;
  committedOn?: IsoDate;
  today: IsoDate;
}

export interface RecordSpend {
  type: 'RecordSpend';
  amount: number;
  currency: string;
  description: string;
  spentOn: IsoDate;
  today: IsoDate;
}

/** Money in the currency's minor unit precision: sums of decimals are rounded to cents, not drifted. */
export function addMoney(a: number, b: number): number {
  return Math.round((a + b) * 100) / 100;
}

/** Far beyond any project's money, and within what the read models store exactly. */
export const MAX_TOTAL = 1e14;

function withinLimit(total: number): number {
  if (total > MAX_TOTAL)
    throw rule('amount_too_large', `totals above ${MAX_TOTAL.toLocaleString('en')} are not accepted`);
  return total;
}

function sameCurrency(project: Existing, currency: string): void {
  if (currency.toUpperCase() !== project.currency) {
    throw rule('currency_mismatch', `the project's budget is in ${project.currency}, not ${currency}`);
  }
}

export function decideCommitBudget(command: CommitBudget, state: ProjectState): ProjectEvent[] {
  const project = open(state);
  sameCurrency(project, command.currency);
  const committedOn = actedOn(project, 'committedOn', command.committedOn ?? command.today, command.today);
  return [
    {
      type: 'BudgetCommitted',
      data: {
        projectId: project.projectId,
        amount: command.amount,
        currency: project.currency,
        totalBudget: withinLimit(addMoney(project.budget, command.amount)),
        committedOn,
      },
    },
  ];
}

export function decideRecordSpend(command: RecordSpend, state: ProjectState): ProjectEvent[] {
  const project = existing(state);
  sameCurrency(project, command.currency);
  actedOn(project, 'spentOn', command.spentOn, command.today);
  const totalSpent = withinLimit(addMoney(project.spent, command.amount));
  // Spending past the budget is recorded (the money is spent) but flagged for the dashboards.
  return [
    {
      type: 'SpendRecorded',
      data: {
        projectId: project.projectId,
        amount: command.amount,
        currency: project.currency,
        description: command.description,
        spentOn: command.spentOn,
        totalSpent,
        overBudget: totalSpent > project.budget,
      },
    },
  ];
}
