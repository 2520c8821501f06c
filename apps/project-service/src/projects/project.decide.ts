import {
  BusinessRuleError,
  NotFoundError,
  ValidationError,
  checkBusinessDate,
  decideInTurn,
  type Decider,
  type EarlierAct,
} from '@accord/event-store';
import {
  CLOSED,
  STAGES,
  addMoney,
  evolveProject,
  initialProjectState,
  type GateDecision,
  type IsoDate,
  type Money,
  type OutcomeKind,
  type Patent,
  type ProjectEvent,
  type ProjectState,
  type TeamMember,
} from './project';

/**
 * What this service knows of each agreement, from the agreement service's events (its local copy),
 * looked up by the handler before deciding.
 */
export type AgreementCheck = Record<string, 'valid' | 'pending' | 'ended' | 'unknown'>;

/** A gate decision already taken, logged with the project (its date is required: it is history). */
export interface PastGateDecision {
  decision: GateDecision;
  gatekeepers: string[];
  criteria: Record<string, number>;
  notes: string | null;
  decidedOn: IsoDate;
}

/*
 * Every act that happens in the world carries its business date (`proposedOn`, `decidedOn`, ...),
 * which defaults to `today` when the command leaves it out. `today` comes from the handler's clock so
 * that the decider stays pure.
 */
export type ProjectCommand =
  | {
      type: 'ProposeProject';
      projectId: string;
      title: string;
      agreementIds: string[];
      leadPartnerIds: string[];
      technologyAreas: string[];
      budget: Money;
      team: TeamMember[];
      proposedOn?: IsoDate;
      today: IsoDate;
      agreements: AgreementCheck;
      /** Every partner that is a party to one of the agreements. */
      agreementParties: string[];
      /** A project logged at its current stage: the gate decisions it passed, in date order. */
      gateDecisions?: PastGateDecision[];
    }
  | {
      type: 'RecordGateDecision';
      decision: GateDecision;
      gatekeepers: string[];
      criteria: Record<string, number>;
      notes: string | null;
      decidedOn?: IsoDate;
      today: IsoDate;
    }
  | { type: 'ResumeProject'; agreements: AgreementCheck; resumedOn?: IsoDate; today: IsoDate }
  /** After a resumption: puts the project back on hold if, read again, no agreement covers it. */
  | { type: 'RecheckAgreements'; agreements: AgreementCheck }
  | { type: 'PlanMilestone'; milestoneId: string; name: string; plannedDate: IsoDate }
  | { type: 'CompleteMilestone'; milestoneId: string; actualDate: IsoDate; evidence: string | null; today: IsoDate }
  | { type: 'CommitBudget'; amount: number; currency: string; committedOn?: IsoDate; today: IsoDate }
  | {
      type: 'RecordSpend';
      amount: number;
      currency: string;
      description: string;
      spentOn: IsoDate;
      today: IsoDate;
    }
  | {
      type: 'RecordOutcome';
      outcomeId: string;
      kind: OutcomeKind;
      title: string;
      occurredOn: IsoDate;
      partnerIds: string[];
      patent: Patent | null;
      relatesTo: string | null;
      spinOutCompany: string | null;
      today: IsoDate;
    }
  | {
      type: 'FlagProject';
      agreementId: string;
      reason: 'agreement_terminated' | 'agreement_expired';
      agreements: AgreementCheck;
    };

type Existing = Extract<ProjectState, { exists: true }>;
const rule = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new BusinessRuleError(code, message, details);

function existing(state: ProjectState): Existing {
  if (!state.exists) throw new NotFoundError('project_not_found', 'no such project');
  return state;
}

function open(state: ProjectState): Existing {
  const project = existing(state);
  if (CLOSED.includes(project.status))
    throw rule('project_closed', `the project is ${project.status.replace('_', ' ')}`);
  return project;
}

function sameCurrency(project: Existing, currency: string): void {
  if (currency.toUpperCase() !== project.currency) {
    throw rule('currency_mismatch', `the project's budget is in ${project.currency}, not ${currency}`);
  }
}

/** Far beyond any project's money, and within what the read models store exactly. */
export const MAX_TOTAL = 1e14;

function withinLimit(total: number): number {
  if (total > MAX_TOTAL)
    throw rule('amount_too_large', `totals above ${MAX_TOTAL.toLocaleString('en')} are not accepted`);
  return total;
}

function invalidAgreements(ids: string[], agreements: AgreementCheck): string[] {
  return ids.filter((id) => agreements[id] !== 'valid');
}

/** `<id> (ended), <id> (unknown)`: each agreement and how it stands, for people. */
function listed(ids: string[], agreements: AgreementCheck): string {
  return ids.map((id) => `${id} (${agreements[id] ?? 'unknown'})`).join(', ');
}

/** The proposal, which every later act on a project may not precede. */
const proposal = (project: Existing): EarlierAct => ({
  date: project.proposedOn,
  code: 'before_proposed',
  what: 'the proposal',
  detail: 'proposedOn',
});

/** The business date of an act on an existing project: not in the future, nor before its proposal. */
function actedOn(project: Existing, field: string, date: IsoDate, today: IsoDate): IsoDate {
  return checkBusinessDate(field, date, today, [proposal(project)]);
}

/** Field paths as the request validation writes them (`gateDecisions.1.decidedOn`). */
function aboutDecision(error: unknown, index: number): unknown {
  const prefix = `gateDecisions.${index}`;
  if (error instanceof ValidationError) {
    return new ValidationError(
      error.code,
      `${prefix}: ${error.message}`,
      error.errors.map(({ field, message }) => ({ field: `${prefix}.${field}`, message })),
    );
  }
  if (error instanceof BusinessRuleError) {
    const field = typeof error.details.field === 'string' ? `${prefix}.${error.details.field}` : prefix;
    return rule(error.code, `${prefix}: ${error.message}`, { ...error.details, field, gateDecision: index });
  }
  return error;
}

export function decideProject(command: ProjectCommand, state: ProjectState): ProjectEvent[] {
  switch (command.type) {
    case 'ProposeProject': {
      if (state.exists) throw rule('project_exists', 'a project with this id exists');
      const invalid = invalidAgreements(command.agreementIds, command.agreements);
      if (invalid.length > 0) {
        // A project runs under a signed or active agreement: name each other one and why.
        throw rule('agreement_not_valid', `not signed or active: ${listed(invalid, command.agreements)}`, {
          agreements: Object.fromEntries(invalid.map((id) => [id, command.agreements[id] ?? 'unknown'])),
        });
      }
      const outsiders = command.leadPartnerIds.filter((id) => !command.agreementParties.includes(id));
      if (outsiders.length > 0) {
        throw rule('lead_not_a_party', `lead partners must be parties to its agreements: ${outsiders.join(', ')}`, {
          partnerIds: outsiders,
        });
      }
      const { projectId, title, agreementIds, leadPartnerIds, technologyAreas, budget, team, today } = command;
      const proposed: ProjectEvent = {
        type: 'ProjectProposed',
        data: {
          projectId,
          title,
          agreementIds,
          leadPartnerIds,
          technologyAreas,
          budget: { amount: budget.amount, currency: budget.currency.toUpperCase() },
          team,
          proposedOn: checkBusinessDate('proposedOn', command.proposedOn ?? today, today),
        },
      };
      // Logged with the gate decisions it has passed: each decided by the same rule as a review on its
      // own, so the stored events are the step-by-step path's; a refusal names the decision.
      const reviews = (command.gateDecisions ?? []).map((past) => ({
        type: 'RecordGateDecision' as const,
        ...past,
        today,
      }));
      const afterProposal = evolveProject(initialProjectState(), proposed);
      return [
        proposed,
        ...decideInTurn({ decide: decideProject, evolve: evolveProject }, reviews, afterProposal, aboutDecision),
      ];
    }
    case 'RecordGateDecision': {
      const project = open(state);
      if (project.status === 'on_hold') throw rule('project_on_hold', 'the project is on hold; resume it first');
      const bad = Object.entries(command.criteria).filter(
        ([, score]) => !Number.isInteger(score) || score < 1 || score > 5,
      );
      if (bad.length > 0) {
        throw new ValidationError(
          'criteria_out_of_range',
          'criteria are scored 1 to 5',
          bad.map(([name]) => ({ field: `criteria.${name}`, message: 'scores are whole numbers from 1 to 5' })),
        );
      }
      const decidedOn = checkBusinessDate('decidedOn', command.decidedOn ?? command.today, command.today, [
        proposal(project),
        {
          date: project.lastDecidedOn,
          code: 'before_previous_decision',
          what: 'the previous gate decision',
          detail: 'previousDecisionOn',
        },
      ]);
      const { projectId, stage } = project;
      const next = STAGES[STAGES.indexOf(stage) + 1];
      const events: ProjectEvent[] = [
        {
          type: 'GateDecisionRecorded',
          data: {
            projectId,
            gate: `${stage}→${next ?? 'close'}`,
            stage,
            decision: command.decision,
            gatekeepers: command.gatekeepers,
            criteria: command.criteria,
            notes: command.notes,
            decidedOn,
          },
        },
      ];
      // What the decision does happened on the day it was taken.
      switch (command.decision) {
        case 'go':
          // GO at the last gate closes the project as completed.
          events.push(
            next
              ? { type: 'ProjectStageAdvanced', data: { projectId, from: stage, to: next, advancedOn: decidedOn } }
              : { type: 'ProjectCompleted', data: { projectId, completedOn: decidedOn } },
          );
          break;
        case 'kill':
          events.push({
            type: 'ProjectKilled',
            data: { projectId, reason: command.notes ?? `killed at the ${stage} gate`, killedOn: decidedOn },
          });
          break;
        case 'hold':
          events.push({
            type: 'ProjectPutOnHold',
            data: { projectId, reason: command.notes ?? `held at the ${stage} gate`, heldOn: decidedOn },
          });
          break;
        case 'recycle':
          // Stays in its stage, to be reviewed again.
          break;
      }
      return events;
    }
    case 'ResumeProject': {
      const project = open(state);
      if (project.status !== 'on_hold') return [];
      const resumedOn = actedOn(project, 'resumedOn', command.resumedOn ?? command.today, command.today);
      if (invalidAgreements(project.agreementIds, command.agreements).length === project.agreementIds.length) {
        throw rule('no_valid_agreement', 'no signed or active agreement covers the project any more');
      }
      return [{ type: 'ProjectResumed', data: { projectId: project.projectId, resumedOn } }];
    }
    case 'RecheckAgreements': {
      const project = existing(state);
      if (project.status !== 'active') return [];
      const invalid = invalidAgreements(project.agreementIds, command.agreements);
      if (invalid.length < project.agreementIds.length) return [];
      return [
        {
          type: 'ProjectPutOnHold',
          data: {
            projectId: project.projectId,
            reason: `no valid agreement covers the project: ${listed(invalid, command.agreements)}`,
          },
        },
      ];
    }
    case 'PlanMilestone': {
      const project = open(state);
      if (project.milestones[command.milestoneId]) throw rule('milestone_exists', 'a milestone with this id exists');
      const { milestoneId, name, plannedDate } = command;
      return [{ type: 'MilestonePlanned', data: { projectId: project.projectId, milestoneId, name, plannedDate } }];
    }
    case 'CompleteMilestone': {
      const project = existing(state);
      const milestone = project.milestones[command.milestoneId];
      if (!milestone) throw new NotFoundError('milestone_not_found', 'no such milestone on this project');
      if (milestone.completed) return [];
      const { milestoneId, actualDate, evidence } = command;
      actedOn(project, 'actualDate', actualDate, command.today);
      return [
        { type: 'MilestoneCompleted', data: { projectId: project.projectId, milestoneId, actualDate, evidence } },
      ];
    }
    case 'CommitBudget': {
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
    case 'RecordSpend': {
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
    case 'RecordOutcome': {
      const project = existing(state);
      if (project.outcomes[command.outcomeId]) throw rule('outcome_exists', 'an outcome with this id exists');
      let patent = command.patent;
      if (command.kind === 'patent_filed' && !patent) {
        throw new ValidationError('patent_details_missing', 'a filing needs its jurisdiction and application number', [
          { field: 'patent', message: 'jurisdiction and applicationNumber are required for patent_filed' },
        ]);
      }
      if (command.kind === 'patent_granted') {
        const filing = command.relatesTo ? project.outcomes[command.relatesTo] : undefined;
        if (!filing || filing.kind !== 'patent_filed') {
          throw rule('grant_without_filing', 'a grant needs the filing it grants (relatesTo: a patent_filed outcome)');
        }
        const granted = Object.values(project.outcomes).some(
          (o) => o.kind === 'patent_granted' && o.relatesTo === command.relatesTo,
        );
        if (granted) throw rule('already_granted', 'this filing has been granted already');
        patent = filing.patent;
      }
      if (command.kind === 'spin_out') {
        if (CLOSED.includes(project.status))
          throw rule('project_closed', `the project is ${project.status.replace('_', ' ')}`);
        if (!command.spinOutCompany) {
          throw new ValidationError('spin_out_company_missing', 'a spin-out names its company', [
            { field: 'spinOutCompany', message: 'required for spin_out' },
          ]);
        }
      }
      const { outcomeId, kind, title, occurredOn, partnerIds, relatesTo, spinOutCompany } = command;
      actedOn(project, 'occurredOn', occurredOn, command.today);
      const events: ProjectEvent[] = [
        {
          type: 'OutcomeRecorded',
          data: {
            projectId: project.projectId,
            outcomeId,
            kind,
            title,
            occurredOn,
            partnerIds: partnerIds.length > 0 ? partnerIds : project.leadPartnerIds,
            patent: kind === 'patent_filed' || kind === 'patent_granted' ? patent : null,
            relatesTo: kind === 'patent_granted' ? relatesTo : null,
            spinOutCompany: kind === 'spin_out' ? spinOutCompany : null,
          },
        },
      ];
      if (kind === 'spin_out') {
        events.push({
          type: 'ProjectSpunOut',
          data: { projectId: project.projectId, outcomeId, company: spinOutCompany!, spunOutOn: occurredOn },
        });
      }
      return events;
    }
    case 'FlagProject': {
      // A reaction to an agreement ending: idempotent, because the message may come twice.
      const project = existing(state);
      if (
        !project.agreementIds.includes(command.agreementId) ||
        project.flaggedAgreements.includes(command.agreementId)
      ) {
        return [];
      }
      if (CLOSED.includes(project.status)) return [];
      const events: ProjectEvent[] = [
        {
          type: 'ProjectFlagged',
          data: { projectId: project.projectId, agreementId: command.agreementId, reason: command.reason },
        },
      ];
      const others = project.agreementIds.filter(
        (id) => id !== command.agreementId && command.agreements[id] === 'valid',
      );
      if (others.length === 0 && project.status === 'active') {
        events.push({
          type: 'ProjectPutOnHold',
          data: {
            projectId: project.projectId,
            reason: `no valid agreement covers the project since ${command.agreementId} ended`,
          },
        });
      }
      return events;
    }
  }
}

export const projectDecider: Decider<ProjectState, ProjectCommand, ProjectEvent> = {
  initialState: initialProjectState,
  evolve: evolveProject,
  decide: decideProject,
};
