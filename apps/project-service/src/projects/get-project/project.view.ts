import { ApiProperty } from '@nestjs/swagger';
import {
  GATE_DECISIONS,
  OUTCOME_KINDS,
  PROJECT_STATUSES,
  STAGES,
  type GateDecision,
  type OutcomeKind,
  type Patent,
  type ProjectStatus,
  type Stage,
  type TeamMember,
} from '../project';
import { CRITERIA_SCHEMA } from '../gate-reviews/gate-review.route';
import { TeamMemberRequest } from '../propose-project/propose-project.route';
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
  @ApiProperty({
    type: 'object',
    properties: { amount: { type: 'number' }, currency: { type: 'string', description: 'ISO 4217' } },
    required: ['amount', 'currency'],
    selfRequired: true,
    example: { amount: 250000000, currency: 'JPY' },
  })
  budget!: { amount: number; currency: string };
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

export class ProjectGateDecision {
  @ApiProperty({ example: 'develop→launch' }) gate!: string;
  @ApiProperty({ enum: STAGES, description: 'The stage it was decided at' }) stage!: Stage;
  @ApiProperty({ enum: GATE_DECISIONS }) decision!: GateDecision;
  @ApiProperty({ type: [String] }) gatekeepers!: string[];
  @ApiProperty(CRITERIA_SCHEMA) criteria!: Record<string, number>;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ type: String, format: 'date', example: '2020-03-12' }) decidedOn!: string;
}

export class ProjectMilestone {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, format: 'date', example: '2027-03-31' }) plannedDate!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-03-15' }) actualDate!: string | null;
  @ApiProperty({ type: String, nullable: true }) evidence!: string | null;
  @ApiProperty({ description: 'True once it has an actual date' }) completed!: boolean;
}

export class ProjectOutcome {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: OUTCOME_KINDS }) kind!: OutcomeKind;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, format: 'date', example: '2021-06-30' }) occurredOn!: string;
  @ApiProperty({ type: [String] }) partnerIds!: string[];
  @ApiProperty({
    type: 'object',
    properties: {
      jurisdiction: { type: 'string', description: 'Patent office: a country code, EP, or WO' },
      applicationNumber: { type: 'string' },
    },
    required: ['jurisdiction', 'applicationNumber'],
    selfRequired: true,
    nullable: true,
    example: { jurisdiction: 'JP', applicationNumber: '2026-123456' },
  })
  patent!: Patent | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'For a grant: the filing it grants' })
  relatesTo!: string | null;
  @ApiProperty({ type: String, nullable: true }) spinOutCompany!: string | null;
}

export class ProjectView extends ProjectSummary {
  @ApiProperty({ example: '2017-05-15', description: 'Business time: the day it was proposed' }) proposedOn!: string;
  @ApiProperty({ type: [TeamMemberRequest] }) team!: TeamMember[];
  @ApiProperty({ type: [ProjectGateDecision] }) gateDecisions!: object[];
  @ApiProperty({ type: [ProjectMilestone] }) milestones!: object[];
  @ApiProperty({ type: [ProjectOutcome] }) outcomes!: object[];
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
