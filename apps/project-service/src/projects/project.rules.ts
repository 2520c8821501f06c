import { BusinessRuleError, NotFoundError, checkBusinessDate, type EarlierAct } from '@accord/event-store';
import type { IsoDate, ProjectState, ProjectStatus } from './project';

/** The rules several project use cases share (pure: no framework, no I/O). */
export type Existing = Extract<ProjectState, { exists: true }>;

export const CLOSED: ProjectStatus[] = ['completed', 'killed', 'spun_out'];

export const rule = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new BusinessRuleError(code, message, details);

export function existing(state: ProjectState): Existing {
  if (!state.exists) throw new NotFoundError('project_not_found', 'no such project');
  return state;
}

export function open(state: ProjectState): Existing {
  const project = existing(state);
  if (CLOSED.includes(project.status))
    throw rule('project_closed', `the project is ${project.status.replace('_', ' ')}`);
  return project;
}

/** The proposal, which every later act on a project may not precede. */
export const proposal = (project: Existing): EarlierAct => ({
  date: project.proposedOn,
  code: 'before_proposed',
  what: 'the proposal',
  detail: 'proposedOn',
});

/** The business date of an act on an existing project: not in the future, nor before its proposal. */
export function actedOn(project: Existing, field: string, date: IsoDate, today: IsoDate): IsoDate {
  return checkBusinessDate(field, date, today, [proposal(project)]);
}
