import { projectApi, unwrap, unwrapVersioned } from '../../api/client';
import type { components, operations } from '../../api/generated/project-service';

type Schemas = components['schemas'];

export type Stage = Schemas['ProjectView']['stage'];
export type ProjectStatus = Schemas['ProjectView']['status'];
export type GateDecision = Schemas['GateReviewRequest']['decision'];
export type OutcomeKind = Schemas['RecordOutcomeRequest']['kind'];
export type ProjectSummary = Schemas['ProjectSummary'];
export type GateDecisionView = Schemas['ProjectGateDecision'];
export type Milestone = Schemas['ProjectMilestone'];
export type Outcome = Schemas['ProjectOutcome'];
export type Project = Schemas['ProjectView'];
export type ProjectPage = Schemas['ProjectPage'];
export type ListQuery = NonNullable<operations['ProjectsController_list']['parameters']['query']>;
export type HistoryEntry = Schemas['HistoryEntry'];
export type ProposeBody = Omit<Schemas['ProposeProjectRequest'], 'gateDecisions'>;
export type GateReviewBody = Schemas['GateReviewRequest'];

export const PROJECTS_KEY = 'project:';
export const projectKey = (id: string) => `project:${id}`;
export const projectHistoryKey = (id: string) => `project:${id}:history`;

export async function listProjects(query: ListQuery, signal?: AbortSignal): Promise<ProjectPage> {
  return await unwrap(projectApi.GET('/projects', { params: { query }, signal }));
}

export async function getProject(id: string, signal?: AbortSignal): Promise<{ project: Project; etag: string }> {
  const { data: project, etag } = await unwrapVersioned(
    projectApi.GET('/projects/{id}', { params: { path: { id } }, signal }),
  );
  return { project, etag: etag ?? `"${project.version}"` };
}

export async function getProjectHistory(id: string, signal?: AbortSignal): Promise<HistoryEntry[]> {
  return await unwrap(projectApi.GET('/projects/{id}/history', { params: { path: { id } }, signal }));
}

/** The create sends an Idempotency-Key (api/client.ts's middleware): a retried submission records once. */
export function proposeProject(body: ProposeBody) {
  return unwrap(projectApi.POST('/projects', { body }));
}

const at = (id: string, etag: string) => ({ path: { id }, header: { 'If-Match': etag } });

export function recordGateReview(id: string, etag: string, body: GateReviewBody) {
  return unwrap(projectApi.POST('/projects/{id}/gate-reviews', { params: at(id, etag), body }));
}

export function resumeProject(id: string, etag: string, resumedOn: string) {
  return unwrap(projectApi.POST('/projects/{id}/resume', { params: at(id, etag), body: { resumedOn } }));
}

export function planMilestone(id: string, etag: string, name: string, plannedDate: string) {
  return unwrap(projectApi.POST('/projects/{id}/milestones', { params: at(id, etag), body: { name, plannedDate } }));
}

export function completeMilestone(id: string, milestoneId: string, etag: string, actualDate: string, evidence: string) {
  return unwrap(
    projectApi.POST('/projects/{id}/milestones/{milestoneId}/complete', {
      params: { path: { id, milestoneId }, header: { 'If-Match': etag } },
      body: { actualDate, ...(evidence && { evidence }) },
    }),
  );
}

export function commitBudget(id: string, etag: string, body: Schemas['CommitBudgetRequest']) {
  return unwrap(projectApi.POST('/projects/{id}/budget', { params: at(id, etag), body }));
}

export function recordSpend(id: string, etag: string, body: Schemas['RecordSpendRequest']) {
  return unwrap(projectApi.POST('/projects/{id}/spend', { params: at(id, etag), body }));
}

export function recordOutcome(id: string, etag: string, body: Schemas['RecordOutcomeRequest']) {
  return unwrap(projectApi.POST('/projects/{id}/outcomes', { params: at(id, etag), body }));
}
