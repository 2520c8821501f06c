/**
 * The project service's public API on Kafka, version 1 (same conventions as the other topics:
 * key = project id, JSON value, CloudEvents headers). A patent filing has a type of its own,
 * `accord.project.patent-filed.v1`, for the IP office to subscribe to.
 */
export const PROJECT_TOPIC = 'accord.projects';
export const PROJECT_TOPIC_CONFIG = { topic: PROJECT_TOPIC, numPartitions: 6 };

export interface ProjectMessageV1 {
  projectId: string;
  version: number;
  occurredAt: string;
  /** The project's stage and status after this change. */
  stage: 'generate' | 'ideate' | 'develop' | 'launch';
  status: 'active' | 'on_hold' | 'completed' | 'killed' | 'spun_out';
  [field: string]: unknown;
}

export const PROJECT_MESSAGE_TYPES = {
  ProjectProposed: 'accord.project.proposed.v1',
  GateDecisionRecorded: 'accord.project.gate-decision-recorded.v1',
  ProjectStageAdvanced: 'accord.project.stage-advanced.v1',
  ProjectPutOnHold: 'accord.project.put-on-hold.v1',
  ProjectResumed: 'accord.project.resumed.v1',
  ProjectKilled: 'accord.project.killed.v1',
  ProjectCompleted: 'accord.project.completed.v1',
  ProjectSpunOut: 'accord.project.spun-out.v1',
  MilestonePlanned: 'accord.project.milestone-planned.v1',
  MilestoneCompleted: 'accord.project.milestone-completed.v1',
  BudgetCommitted: 'accord.project.budget-committed.v1',
  SpendRecorded: 'accord.project.spend-recorded.v1',
  OutcomeRecorded: 'accord.project.outcome-recorded.v1',
  PatentFiled: 'accord.project.patent-filed.v1',
  ProjectFlagged: 'accord.project.flagged.v1',
} as const;
