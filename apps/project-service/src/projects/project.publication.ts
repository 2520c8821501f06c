import { MESSAGE_TYPES, type MessageType, PROJECT_TOPIC, type ProjectMessageV1 } from '@accord/contracts';
import type { NewEvent, OutboxMessage } from '@accord/event-store';
import type { ProjectEvent, ProjectState } from './project';

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
 * Project events → messages for other services. Each carries the project's stage and status after
 * the command that made the change, as the decider left them.
 */
export function publishProjectEvents(events: NewEvent[], state: unknown): OutboxMessage[] {
  const after = state as ProjectState | undefined;
  if (events.length === 0) return [];
  if (!after?.exists) throw new Error(`project messages need the project's state after ${events[0].type}`);
  return (events as NewEvent<ProjectEvent>[]).map((event) => {
    const { projectId, ...data } = event.data;
    const payload: ProjectMessageV1 = {
      ...data,
      projectId,
      version: event.streamVersion,
      occurredAt: event.metadata.occurredAt,
      stage: after.stage,
      status: after.status,
    };
    const type =
      event.type === 'OutcomeRecorded' && event.data.kind === 'patent_filed'
        ? MESSAGE_TYPES.projectPatentFiled
        : PUBLIC_TYPES[event.type];
    return { topic: PROJECT_TOPIC, key: projectId, type, payload };
  });
}
