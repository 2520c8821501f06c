import { NotFoundError } from '@accord/event-store';
import type { IsoDate, ProjectEvent, ProjectState } from '../project';
import { actedOn, existing, open, rule } from '../project.rules';

export interface PlanMilestone {
  type: 'PlanMilestone';
  milestoneId: string;
  name: string;
  plannedDate: IsoDate;
}

export interface CompleteMilestone {
  type: 'CompleteMilestone';
  milestoneId: string;
  actualDate: IsoDate;
  evidence: string | null;
  today: IsoDate;
}

export function decidePlanMilestone(command: PlanMilestone, state: ProjectState): ProjectEvent[] {
  const project = open(state);
  if (project.milestones[command.milestoneId]) throw rule('milestone_exists', 'a milestone with this id exists');
  const { milestoneId, name, plannedDate } = command;
  return [{ type: 'MilestonePlanned', data: { projectId: project.projectId, milestoneId, name, plannedDate } }];
}

export function decideCompleteMilestone(command: CompleteMilestone, state: ProjectState): ProjectEvent[] {
  const project = existing(state);
  const milestone = project.milestones[command.milestoneId];
  if (!milestone) throw new NotFoundError('milestone_not_found', 'no such milestone on this project');
  if (milestone.completed) return [];
  const { milestoneId, actualDate, evidence } = command;
  actedOn(project, 'actualDate', actualDate, command.today);
  return [{ type: 'MilestoneCompleted', data: { projectId: project.projectId, milestoneId, actualDate, evidence } }];
}
