import { label } from '../../ui/format';

/** The project enums of project-service. */
export const STAGES = ['generate', 'ideate', 'develop', 'launch'] as const;
export const PROJECT_STATUSES = ['active', 'on_hold', 'completed', 'killed', 'spun_out'] as const;
export const CLOSED = ['completed', 'killed', 'spun_out'];
export const GATE_DECISIONS = ['go', 'kill', 'hold', 'recycle'] as const;
export const OUTCOME_KINDS = [
  'invention_disclosure',
  'patent_filed',
  'patent_granted',
  'publication',
  'proof_of_concept',
  'product_launch',
  'standard_contribution',
  'spin_out',
] as const;

/** What each gate decision does, said once for the dialog and the history. */
export const DECISION_MEANING: Record<string, string> = {
  go: 'GO: advances to the next stage (at Launch, completes the project)',
  kill: 'KILL: closes the project',
  hold: 'HOLD: pauses the project until it is resumed',
  recycle: 'RECYCLE: stays in this stage, to be reviewed again',
};

const STAGE_LABELS: Record<string, string> = {
  generate: 'Generate',
  ideate: 'Ideate',
  develop: 'Develop',
  launch: 'Launch',
};
export const stageLabel = (stage: string) => STAGE_LABELS[stage] ?? label(stage);
