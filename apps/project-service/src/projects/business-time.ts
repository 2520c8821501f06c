import type { StoredEvent } from '@accord/event-store';
import type { IsoDate, ProjectEvent } from './project';

/**
 * Business time: the day each of a project's acts happened in the world, whatever day Accord
 * learned of it. Pure: the projection dates the register by it, and the query replays what
 * `happenedBy` keeps through the projection.
 */

/**
 * The business date of an event stored before it carried one: the day it was recorded (metadata
 * `occurredAt`), the best that is known of it.
 */
export const recordedDay = (occurredAt: string): IsoDate => occurredAt.slice(0, 10);

/**
 * The day an act happened in the world: the date the event carries or, for an event stored before
 * it carried one, the day it was recorded. Null for what is no act on the project in the world
 * (planning a milestone, a flag raised because an agreement ended).
 */
export function businessDay(event: StoredEvent<ProjectEvent>): IsoDate | null {
  const recorded = recordedDay(event.metadata.occurredAt);
  switch (event.type) {
    case 'ProjectProposed':
      return event.data.proposedOn;
    case 'GateDecisionRecorded':
      return event.data.decidedOn;
    case 'ProjectStageAdvanced':
      return event.data.advancedOn ?? recorded;
    case 'ProjectPutOnHold':
      return event.data.heldOn ?? recorded;
    case 'ProjectResumed':
      return event.data.resumedOn ?? recorded;
    case 'ProjectKilled':
      return event.data.killedOn ?? recorded;
    case 'ProjectCompleted':
      return event.data.completedOn ?? recorded;
    case 'ProjectSpunOut':
      return event.data.spunOutOn ?? recorded;
    case 'MilestoneCompleted':
      return event.data.actualDate;
    case 'BudgetCommitted':
      return event.data.committedOn ?? recorded;
    case 'SpendRecorded':
      return event.data.spentOn;
    case 'OutcomeRecorded':
      return event.data.occurredOn;
    case 'MilestonePlanned':
    case 'ProjectFlagged':
      return null;
  }
}

/**
 * The events whose acts had happened by the end of `day`, in stream order. The proposal is always
 * dated, and no act may precede it (the decider refuses `before_proposed`), so whatever is kept
 * has its proposal. An undated event (a milestone planned, a flag) is taken to have happened with
 * the act recorded before it; a milestone's plan, though, no later than its completion, so that
 * a completion kept always finds its milestone.
 */
export function happenedBy(events: StoredEvent[], day: IsoDate): StoredEvent[] {
  const acts = events as StoredEvent<ProjectEvent>[];
  const completedOn = new Map<string, IsoDate>();
  for (const event of acts) {
    if (event.type === 'MilestoneCompleted') completedOn.set(event.data.milestoneId, event.data.actualDate);
  }
  let previous: IsoDate | null = null;
  return acts.filter((event) => {
    let date = businessDay(event) ?? previous ?? recordedDay(event.metadata.occurredAt);
    if (event.type === 'MilestonePlanned') {
      const completed = completedOn.get(event.data.milestoneId);
      if (completed !== undefined && completed < date) date = completed;
    }
    previous = date;
    return date <= day;
  });
}
