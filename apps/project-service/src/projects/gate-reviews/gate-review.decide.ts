import { ValidationError, checkBusinessDate } from '@accord/event-store';
import { STAGES, type GateDecision, type IsoDate, type ProjectEvent, type ProjectState } from '../project';
import { open, proposal, rule } from '../project.rules';

export interface RecordGateDecision {
  type: 'RecordGateDecision';
  decision: GateDecision;
  gatekeepers: string[];
  criteria: Record<string, number>;
  notes: string | null;
  decidedOn?: IsoDate;
  today: IsoDate;
}

export function decideGateDecision(command: RecordGateDecision, state: ProjectState): ProjectEvent[] {
  const project = open(state);
  if (project.status === 'on_hold') throw rule('project_on_hold', 'the project is on hold; resume it first');
  const bad = Object.entries(command.criteria).filter(
    ([, score]) => !Number.isInteger(score) || score < 1 || score > 5,
  );
  if (bad.length > 0) {
    throw new ValidationError(
      'criteria_out_of_range',
      'criteria are scored 1 to 5',
      bad.map(([name]) => ({ field: `criteria.${name}`, message: 'scores are whole numbers from 1 to 5' })),
    );
  }
  const decidedOn = checkBusinessDate('decidedOn', command.decidedOn ?? command.today, command.today, [
    proposal(project),
    {
      date: project.lastDecidedOn,
      code: 'before_previous_decision',
      what: 'the previous gate decision',
      detail: 'previousDecisionOn',
    },
  ]);
  const { projectId, stage } = project;
  const next = STAGES[STAGES.indexOf(stage) + 1];
  const events: ProjectEvent[] = [
    {
      type: 'GateDecisionRecorded',
      data: {
        projectId,
        gate: `${stage}→${next ?? 'close'}`,
        stage,
        decision: command.decision,
        gatekeepers: command.gatekeepers,
        criteria: command.criteria,
        notes: command.notes,
        decidedOn,
      },
    },
  ];
  // What the decision does happened on the day it was taken.
  switch (command.decision) {
    case 'go':
      // GO at the last gate closes the project as completed.
      events.push(
        next
          ? { type: 'ProjectStageAdvanced', data: { projectId, from: stage, to: next, advancedOn: decidedOn } }
          : { type: 'ProjectCompleted', data: { projectId, completedOn: decidedOn } },
      );
      break;
    case 'kill':
      events.push({
        type: 'ProjectKilled',
        data: { projectId, reason: command.notes ?? `killed at the ${stage} gate`, killedOn: decidedOn },
      });
      break;
    case 'hold':
      events.push({
        type: 'ProjectPutOnHold',
        data: { projectId, reason: command.notes ?? `held at the ${stage} gate`, heldOn: decidedOn },
      });
      break;
    case 'recycle':
      // Stays in its stage, to be reviewed again.
      break;
  }
  return events;
}
