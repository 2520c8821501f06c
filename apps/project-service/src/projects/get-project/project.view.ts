import { ApiProperty } from '@nestjs/swagger';
import { PROJECT_STATUSES, STAGES, type ProjectStatus, type Stage, type TeamMember } from '../project';
import type { ProjectRegisterEntry } from '../list-projects/project-register.entity';
import type { GateDecisionView, MilestoneView, OutcomeView } from './project-parts.entity';

export class ProjectSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: STAGES }) stage!: Stage;
  @ApiProperty({ enum: PROJECT_STATUSES }) status!: ProjectStatus;
  @ApiProperty({ type: [String] }) agreementIds!: string[];
  @ApiProperty({ type: [String] }) leadPartnerIds!: string[];
  @ApiProperty({ type: [String] }) technologyAreas!: string[];
  @ApiProperty({ example: { amount: 250000000, currency: 'JPY' } }) budget!: { amount: number; currency: string };
  @ApiProperty({ example: 12000000 }) spent!: number;
  @ApiProperty({ description: 'Spend past the budget is allowed, and flagged' }) overBudget!: boolean;
  @ApiProperty({ type: [String], description: 'Agreements that ended under it' }) flaggedAgreements!: string[];
  @ApiProperty() flagged!: boolean;
  @ApiProperty({ example: '2020-03-12', description: 'Business time: the day its current status began' })
  statusSince!: string;
  @ApiProperty({ example: '2020-11-02', description: "Business time: the day of the project's latest act" })
  lastActivityOn!: string;
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ description: 'Recorded time: when its latest change was stored' }) updatedAt!: string;
}

export class ProjectView extends ProjectSummary {
  @ApiProperty({ example: '2017-05-15', description: 'Business time: the day it was proposed' }) proposedOn!: string;
  @ApiProperty() team!: TeamMember[];
  @ApiProperty() gateDecisions!: object[];
  @ApiProperty() milestones!: object[];
  @ApiProperty() outcomes!: object[];
}

export function toSummary(entry: ProjectRegisterEntry): ProjectSummary {
  return {
    id: entry.projectId,
    title: entry.title,
    stage: entry.stage,
    status: entry.status,
    agreementIds: entry.agreementIds,
    leadPartnerIds: entry.leadPartnerIds,
    technologyAreas: entry.technologyAreas,
    budget: { amount: entry.budget, currency: entry.currency },
    spent: entry.spent,
    overBudget: entry.overBudget,
    flaggedAgreements: entry.flaggedAgreements,
    flagged: entry.flaggedAgreements.length > 0,
    statusSince: entry.statusSince,
    lastActivityOn: entry.lastActivityOn,
    version: entry.version,
    updatedAt: entry.updatedAt.toISOString(),
  };
}

export function toView(
  entry: ProjectRegisterEntry,
  gates: GateDecisionView[],
  milestones: MilestoneView[],
  outcomes: OutcomeView[],
): ProjectView {
  return {
    ...toSummary(entry),
    proposedOn: entry.proposedOn,
    team: entry.team,
    gateDecisions: gates.map(({ gate, stage, decision, gatekeepers, criteria, notes, decidedOn }) => ({
      gate,
      stage,
      decision,
      gatekeepers,
      criteria,
      notes,
      decidedOn,
    })),
    milestones: milestones.map(({ milestoneId, name, plannedDate, actualDate, evidence }) => ({
      id: milestoneId,
      name,
      plannedDate,
      actualDate,
      evidence,
      completed: actualDate !== null,
    })),
    outcomes: outcomes.map(
      ({
        outcomeId,
        kind,
        title,
        occurredOn,
        partnerIds,
        jurisdiction,
        applicationNumber,
        relatesTo,
        spinOutCompany,
      }) => ({
        id: outcomeId,
        kind,
        title,
        occurredOn,
        partnerIds,
        patent: jurisdiction ? { jurisdiction, applicationNumber } : null,
        relatesTo,
        spinOutCompany,
      }),
    ),
  };
}
