import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { GateDecision, OutcomeKind, Stage } from '../project';

@Entity('project_gate_decisions')
export class GateDecisionView {
  @PrimaryColumn('uuid', { name: 'project_id' }) projectId!: string;
  /** The stream version of the decision: orders them and makes them unique. */
  @PrimaryColumn('int') version!: number;
  @Column('text') gate!: string;
  @Column('text') stage!: Stage;
  @Column('text') decision!: GateDecision;
  @Column('text', { array: true }) gatekeepers!: string[];
  @Column('jsonb') criteria!: Record<string, number>;
  @Column('text', { nullable: true }) notes!: string | null;
  @Column('date', { name: 'decided_on' }) decidedOn!: string;
}

@Entity('project_milestones')
export class MilestoneView {
  @PrimaryColumn('uuid', { name: 'milestone_id' }) milestoneId!: string;
  @Column('uuid', { name: 'project_id' }) projectId!: string;
  @Column('text') name!: string;
  @Column('date', { name: 'planned_date' }) plannedDate!: string;
  @Column('date', { name: 'actual_date', nullable: true }) actualDate!: string | null;
  @Column('text', { nullable: true }) evidence!: string | null;
}

@Entity('project_outcomes')
export class OutcomeView {
  @PrimaryColumn('uuid', { name: 'outcome_id' }) outcomeId!: string;
  @Column('uuid', { name: 'project_id' }) projectId!: string;
  @Column('text') kind!: OutcomeKind;
  @Column('text') title!: string;
  @Column('date', { name: 'occurred_on' }) occurredOn!: string;
  @Column('uuid', { name: 'partner_ids', array: true }) partnerIds!: string[];
  @Column('text', { nullable: true }) jurisdiction!: string | null;
  @Column('text', { name: 'application_number', nullable: true }) applicationNumber!: string | null;
  @Column('uuid', { name: 'relates_to', nullable: true }) relatesTo!: string | null;
  @Column('text', { name: 'spin_out_company', nullable: true }) spinOutCompany!: string | null;
}
