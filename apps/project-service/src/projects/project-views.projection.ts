import { writeRow, type InlineProjection, type NewEvent, type StoredEvent } from '@accord/event-store';
import { GateDecisionView, MilestoneView, OutcomeView } from './get-project/project-parts.entity';
import { ProjectRegisterEntry } from './list-projects/project-register.entity';
import { businessDay } from './business-time';
import type { ProjectEvent, ProjectStatus } from './project';

const STATUS_AFTER: Partial<Record<ProjectEvent['type'], ProjectStatus>> = {
  ProjectPutOnHold: 'on_hold',
  ProjectResumed: 'active',
  ProjectKilled: 'killed',
  ProjectCompleted: 'completed',
  ProjectSpunOut: 'spun_out',
};

/** A proposal's register entry: all a proposal does to these views. */
function proposed(event: Extract<NewEvent<ProjectEvent>, { type: 'ProjectProposed' }>) {
  const { projectId, title, agreementIds, leadPartnerIds, technologyAreas, budget, team, proposedOn } = event.data;
  const values: Partial<ProjectRegisterEntry> = {
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
    version: event.streamVersion,
    updatedAt: new Date(event.metadata.occurredAt),
  };
  return { entity: ProjectRegisterEntry, values };
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
  row(recorded) {
    const event = recorded as NewEvent<ProjectEvent>;
    return event.type === 'ProjectProposed' ? proposed(event) : undefined;
  },
  async apply(tx, stored) {
    const event = stored as StoredEvent<ProjectEvent>;
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
      case 'ProjectProposed':
        return writeRow(tx, proposed(event));
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
