import type { InlineProjection, StoredEvent } from '@accord/event-store';
import { GateDecisionView, MilestoneView, OutcomeView } from './get-project/project-parts.entity';
import { ProjectRegisterEntry } from './list-projects/project-register.entity';
import { recordedDay, type IsoDate, type ProjectEvent, type ProjectStatus } from './project';

const STATUS_AFTER: Partial<Record<ProjectEvent['type'], ProjectStatus>> = {
  ProjectPutOnHold: 'on_hold',
  ProjectResumed: 'active',
  ProjectKilled: 'killed',
  ProjectCompleted: 'completed',
  ProjectSpunOut: 'spun_out',
};

/**
 * The day an act happened in the world: the date the event carries or, for an event stored before
 * it carried one, the day it was recorded. Null for what is no act on the project in the world
 * (planning a milestone, a flag raised because an agreement ended).
 */
function businessDay(event: StoredEvent<ProjectEvent>): IsoDate | null {
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

/** The project register, its gate decisions, milestones and outcomes, in the append's transaction. */
export const projectViewsProjection: InlineProjection = {
  name: 'project-views',
  tables: ['project_register', 'project_gate_decisions', 'project_milestones', 'project_outcomes'],
  handles: [
    'ProjectProposed',
    'GateDecisionRecorded',
    'ProjectStageAdvanced',
    'ProjectPutOnHold',
    'ProjectResumed',
    'ProjectKilled',
    'ProjectCompleted',
    'ProjectSpunOut',
    'MilestonePlanned',
    'MilestoneCompleted',
    'BudgetCommitted',
    'SpendRecorded',
    'OutcomeRecorded',
    'ProjectFlagged',
  ],
  async apply(tx, stored) {
    const event = stored as StoredEvent<ProjectEvent>;
    const register = tx.getRepository(ProjectRegisterEntry);
    const { projectId } = event.data;
    const day = businessDay(event);
    /**
     * Records on the register that the project changed, with `sets` (from $5 on) in the same
     * statement. Acts are often recorded out of order (a spend logged after the gate that followed
     * it): the latest activity is the latest business date, not the latest recorded.
     */
    const touch = (sets = '', params: unknown[] = []) =>
      tx.query(
        `UPDATE project_register
            SET version = $2, updated_at = $3::timestamptz, last_activity_on = greatest(last_activity_on, $4::date)${sets}
          WHERE project_id = $1`,
        [projectId, stored.streamVersion, stored.metadata.occurredAt, day, ...params],
      );

    switch (event.type) {
      case 'ProjectProposed': {
        const { title, agreementIds, leadPartnerIds, technologyAreas, budget, team, proposedOn } = event.data;
        await register.insert({
          projectId,
          title,
          stage: 'generate',
          status: 'active',
          agreementIds,
          leadPartnerIds,
          technologyAreas,
          budget: budget.amount,
          currency: budget.currency,
          spent: 0,
          overBudget: false,
          team,
          flaggedAgreements: [],
          proposedOn,
          lastActivityOn: proposedOn,
          statusSince: proposedOn,
          version: stored.streamVersion,
          updatedAt: new Date(stored.metadata.occurredAt),
        });
        return;
      }
      case 'GateDecisionRecorded': {
        const { gate, stage, decision, gatekeepers, criteria, notes, decidedOn } = event.data;
        await tx.getRepository(GateDecisionView).insert({
          projectId,
          version: stored.streamVersion,
          gate,
          stage,
          decision,
          gatekeepers,
          criteria,
          notes,
          decidedOn,
        });
        await touch();
        return;
      }
      case 'ProjectStageAdvanced':
        await touch(', stage = $5', [event.data.to]);
        return;
      case 'MilestonePlanned': {
        const { milestoneId, name, plannedDate } = event.data;
        await tx
          .getRepository(MilestoneView)
          .insert({ milestoneId, projectId, name, plannedDate, actualDate: null, evidence: null });
        await touch();
        return;
      }
      case 'MilestoneCompleted': {
        const { milestoneId, actualDate, evidence } = event.data;
        await tx.getRepository(MilestoneView).update({ milestoneId }, { actualDate, evidence });
        await touch();
        return;
      }
      case 'BudgetCommitted':
        await touch(', budget = $5::numeric, over_budget = spent > $5::numeric', [event.data.totalBudget]);
        return;
      case 'SpendRecorded':
        await touch(', spent = $5::numeric, over_budget = $6', [event.data.totalSpent, event.data.overBudget]);
        return;
      case 'OutcomeRecorded': {
        const { outcomeId, kind, title, occurredOn, partnerIds, patent, relatesTo, spinOutCompany } = event.data;
        await tx.getRepository(OutcomeView).insert({
          outcomeId,
          projectId,
          kind,
          title,
          occurredOn,
          partnerIds,
          jurisdiction: patent?.jurisdiction ?? null,
          applicationNumber: patent?.applicationNumber ?? null,
          relatesTo,
          spinOutCompany,
        });
        await touch();
        return;
      }
      case 'ProjectFlagged':
        await touch(', flagged_agreements = array_append(flagged_agreements, $5::uuid)', [event.data.agreementId]);
        return;
      default: {
        const status = STATUS_AFTER[event.type];
        // A status change always has a business day (the recorded one for events stored without it).
        await (status ? touch(', status = $5, status_since = $4::date', [status]) : touch());
      }
    }
  },
};
