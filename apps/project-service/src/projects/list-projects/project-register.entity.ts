import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProjectStatus, Stage, TeamMember } from '../project';

/** Postgres numeric arrives as a string; money is kept exact there and read as a number here. */
const numeric = { to: (value: number) => value, from: (value: string) => Number(value) };

@Entity('project_register')
export class ProjectRegisterEntry {
  @PrimaryColumn('uuid', { name: 'project_id' }) projectId!: string;
  @Column('text') title!: string;
  @Column('text') stage!: Stage;
  @Column('text') status!: ProjectStatus;
  @Column('uuid', { name: 'agreement_ids', array: true }) agreementIds!: string[];
  @Column('uuid', { name: 'lead_partner_ids', array: true }) leadPartnerIds!: string[];
  @Column('text', { name: 'technology_areas', array: true }) technologyAreas!: string[];
  @Column('numeric', { transformer: numeric }) budget!: number;
  @Column('char', { length: 3 }) currency!: string;
  @Column('numeric', { transformer: numeric }) spent!: number;
  @Column('boolean', { name: 'over_budget' }) overBudget!: boolean;
  @Column('jsonb') team!: TeamMember[];
  @Column('uuid', { name: 'flagged_agreements', array: true }) flaggedAgreements!: string[];
  @Column('date', { name: 'proposed_on' }) proposedOn!: string;
  /** Business time: the day of the project's latest act (a back-dated act does not move it back). */
  @Column('date', { name: 'last_activity_on' }) lastActivityOn!: string;
  /** Business time: the day its current status began. */
  @Column('date', { name: 'status_since' }) statusSince!: string;
  @Column('int') version!: number;
  /** Recorded time: when the latest change was stored. */
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
