import type { AgreementCheck } from './agreement-check';
import { decideCommitBudget, decideRecordSpend, type CommitBudget, type RecordSpend } from './budget/budget.decide';
import { decideFlagProject, type FlagProject } from './flag-project/flag-project.decide';
import { decideGateDecision, type RecordGateDecision } from './gate-reviews/gate-review.decide';
import {
  decideCompleteMilestone,
  decidePlanMilestone,
  type CompleteMilestone,
  type PlanMilestone,
} from './milestones/milestones.decide';
import { evolveProject, initialProjectState, projectStream, type ProjectEvent, type ProjectState } from './project';
import { decideProposeProject, type ProposeProject } from './propose-project/propose-project.decide';
import { decideRecordOutcome, type RecordOutcome } from './record-outcome/record-outcome.decide';
import {
  decideRecheck,
  decideResume,
  type RecheckAgreements,
  type ResumeProject,
} from './resume-project/resume-project.decide';

// Where the reaction to an agreement ending and the agreement copy import it from.
export type { AgreementCheck };

/*
 * Every act that happens in the world carries its business date (`proposedOn`, `decidedOn`, ...),
 * which defaults to `today` when the command leaves it out. `today` comes from the route's clock so
 * that the decider stays pure.
 */
export type ProjectCommand =
  | ProposeProject
  | RecordGateDecision
  | ResumeProject
  | RecheckAgreements
  | PlanMilestone
  | CompleteMilestone
  | CommitBudget
  | RecordSpend
  | RecordOutcome
  | FlagProject;

/** The project's decider: each command is decided by its use case (its folder's `*.decide.ts`). */
export function decideProject(command: ProjectCommand, state: ProjectState): ProjectEvent[] {
  switch (command.type) {
    case 'ProposeProject':
      return decideProposeProject(command, state);
    case 'RecordGateDecision':
      return decideGateDecision(command, state);
    case 'ResumeProject':
      return decideResume(command, state);
    case 'RecheckAgreements':
      return decideRecheck(command, state);
    case 'PlanMilestone':
      return decidePlanMilestone(command, state);
    case 'CompleteMilestone':
      return decideCompleteMilestone(command, state);
    case 'CommitBudget':
      return decideCommitBudget(command, state);
    case 'RecordSpend':
      return decideRecordSpend(command, state);
    case 'RecordOutcome':
      return decideRecordOutcome(command, state);
    case 'FlagProject':
      return decideFlagProject(command, state);
  }
}

/** The aggregate's decider, with its stream: what `Writer` reads, decides with and appends to. */
export const projectDecider = {
  initialState: initialProjectState,
  evolve: evolveProject,
  decide: decideProject,
  stream: projectStream,
  // A proposal's id was chosen by the server for it: no read before it.
  create: 'ProposeProject' as const,
};
