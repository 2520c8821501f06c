import { MESSAGE_TYPES, type MessageType, PROJECT_TOPIC, type ProjectMessageV1 } from '@accord/contracts';
import type { OutboxMessage, StoredEvent } from '@accord/event-store';
import type { EntityManager } from 'typeorm';
import type { ProjectEvent, ProjectStatus, Stage } from './project';

/** Each stored event's public message type: the one place where internal names meet public ones. */
const PUBLIC_TYPES: Record<ProjectEvent['type'], MessageType> = {
  ProjectProposed: MESSAGE_TYPES.projectProposed,
  GateDecisionRecorded: MESSAGE_TYPES.projectGateDecisionRecorded,
  ProjectStageAdvanced: MESSAGE_TYPES.projectStageAdvanced,
  ProjectPutOnHold: MESSAGE_TYPES.projectPutOnHold,
  ProjectResumed: MESSAGE_TYPES.projectResumed,
  ProjectKilled: MESSAGE_TYPES.projectKilled,
  ProjectCompleted: MESSAGE_TYPES.projectCompleted,
  ProjectSpunOut: MESSAGE_TYPES.projectSpunOut,
  MilestonePlanned: MESSAGE_TYPES.projectMilestonePlanned,
  MilestoneCompleted: MESSAGE_TYPES.projectMilestoneCompleted,
  BudgetCommitted: MESSAGE_TYPES.projectBudgetCommitted,
  SpendRecorded: MESSAGE_TYPES.projectSpendRecorded,
  OutcomeRecorded: MESSAGE_TYPES.projectOutcomeRecorded,
  ProjectFlagged: MESSAGE_TYPES.projectFlagged,
};
/**
 * Stored project events → messages for other services. Each carries the project's stage and status
 * after the command that made the change, read from the register the inline projection has just
 * updated in the same transaction.
 */
export async function publishProjectEvents(events: StoredEvent[], tx: EntityManager): Promise<OutboxMessage[]> {
  const projectEvents = events as StoredEvent<ProjectEvent>[];
  if (projectEvents.length === 0) return [];
  const [now] = await tx.query<{ stage: Stage; status: ProjectStatus }[]>(
    'SELECT stage, status FROM project_register WHERE project_id = $1',
    [projectEvents[0].data.projectId],
  );
  return projectEvents.map((event) => {
    const { projectId, ...data } = event.data;
    const payload: ProjectMessageV1 = {
      ...data,
      projectId,
      version: event.streamVersion,
      occurredAt: event.metadata.occurredAt,
      stage: now.stage,
      status: now.status,
    };
    const type =
      event.type === 'OutcomeRecorded' && event.data.kind === 'patent_filed'
        ? MESSAGE_TYPES.projectPatentFiled
        : PUBLIC_TYPES[event.type];
    return { topic: PROJECT_TOPIC, key: projectId, type, payload };
  });
}
