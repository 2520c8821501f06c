import { label } from '../../ui/format';

export const CLOSED = ['completed', 'killed', 'spun_out'];

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
