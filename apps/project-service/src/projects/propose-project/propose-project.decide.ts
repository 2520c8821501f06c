import { BusinessRuleError, ValidationError, checkBusinessDate, decideInTurn } from '@accord/event-store';
import { invalidAgreements, listed, type AgreementCheck } from '../agreement-check';
import { decideGateDecision } from '../gate-reviews/gate-review.decide';
import {
  evolveProject,
  initialProjectState,
  type GateDecision,
  type IsoDate,
  type Money,
  type ProjectEvent,
  type ProjectState,
  type TeamMember,
} from '../project';
import { rule } from '../project.rules';

/** A gate decision already taken, logged with the project (its date is required: it is history). */
export interface PastGateDecision {
  decision: GateDecision;
  gatekeepers: string[];
  criteria: Record<string, number>;
  notes: string | null;
  decidedOn: IsoDate;
}

export interface ProposeProject {
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

export function decideProposeProject(command: ProposeProject, state: ProjectState): ProjectEvent[] {
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
    ...decideInTurn({ decide: decideGateDecision, evolve: evolveProject }, reviews, afterProposal, aboutDecision),
  ];
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
