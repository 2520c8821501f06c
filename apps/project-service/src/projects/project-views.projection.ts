import type { InlineProjection, StoredEvent } from '@accord/event-store';
import { GateDecisionView, MilestoneView, OutcomeView } from './get-project/project-parts.entity';
import { ProjectRegisterEntry } from './list-projects/project-register.entity';
import type { ProjectEvent, ProjectStatus } from './project';

const STATUS_AFTER: Partial<Record<ProjectEvent['type'], ProjectStatus>> = {
  ProjectPutOnHold: 'on_hold',
  ProjectResumed: 'active',
  ProjectKilled: 'killed',
  ProjectCompleted: 'completed',
  ProjectSpunOut: 'spun_out',
};

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
    const touch = { version: stored.streamVersion, updatedAt: new Date(stored.metadata.occurredAt) };

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
          ...touch,
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
        await register.update({ projectId }, touch);
        return;
      }
      case 'ProjectStageAdvanced':
        await register.update({ projectId }, { stage: event.data.to, ...touch });
        return;
      case 'MilestonePlanned': {
        const { milestoneId, name, plannedDate } = event.data;
        await tx
          .getRepository(MilestoneView)
          .insert({ milestoneId, projectId, name, plannedDate, actualDate: null, evidence: null });
        await register.update({ projectId }, touch);
        return;
      }
      case 'MilestoneCompleted': {
        const { milestoneId, actualDate, evidence } = event.data;
        await tx.getRepository(MilestoneView).update({ milestoneId }, { actualDate, evidence });
        await register.update({ projectId }, touch);
        return;
      }
      case 'BudgetCommitted':
        await tx.query('UPDATE project_register SET budget = $2, over_budget = spent > $2 WHERE project_id = $1', [
          projectId,
          event.data.totalBudget,
        ]);
        await register.update({ projectId }, touch);
        return;
      case 'SpendRecorded':
        await register.update(
          { projectId },
          { spent: event.data.totalSpent, overBudget: event.data.overBudget, ...touch },
        );
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
        await register.update({ projectId }, touch);
        return;
      }
      case 'ProjectFlagged':
        await tx.query(
          'UPDATE project_register SET flagged_agreements = array_append(flagged_agreements, $2) WHERE project_id = $1',
          [projectId, event.data.agreementId],
        );
        await register.update({ projectId }, touch);
        return;
      default: {
        const status = STATUS_AFTER[event.type];
        await register.update({ projectId }, status ? { status, ...touch } : touch);
      }
    }
  },
};
