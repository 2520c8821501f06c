import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AgreementStatus } from '../agreement';
import type { AgreementType, Funding, IpTerms } from '../agreement-terms';

/** One row per agreement with its current terms: the register, its filters and the detail page. */
@Entity('agreement_register')
export class AgreementRegisterEntry {
  @PrimaryColumn('uuid', { name: 'agreement_id' }) agreementId!: string;
  @Column('text') type!: AgreementType;
  @Column('text') title!: string;
  @Column('text', { nullable: true }) purpose!: string | null;
  @Column('text') status!: AgreementStatus;
  @Column('uuid', { name: 'party_ids', array: true }) partyIds!: string[];
  @Column('text', { name: 'owner_id' }) ownerId!: string;
  @Column('uuid', { name: 'parent_agreement_id', nullable: true }) parentAgreementId!: string | null;
  @Column('text', { name: 'technology_areas', array: true }) technologyAreas!: string[];
  @Column('date', { name: 'effective_date' }) effectiveDate!: string;
  @Column('date', { name: 'expiry_date', nullable: true }) expiryDate!: string | null;
  @Column('boolean', { name: 'auto_renew' }) autoRenew!: boolean;
  @Column('int', { name: 'notice_period_days' }) noticePeriodDays!: number;
  @Column('jsonb') funding!: Funding[];
  @Column('jsonb', { name: 'ip_terms' }) ipTerms!: IpTerms;
  @Column('jsonb') signatures!: Record<string, string>;
  @Column('int') amendments!: number;
  @Column('int') renewals!: number;
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'drafted_at' }) draftedAt!: Date;
  /** Business dates: the days these acts happened, however long before they were recorded. */
  @Column('date', { name: 'drafted_on', nullable: true }) draftedOn!: string | null;
  @Column('date', { name: 'approved_on', nullable: true }) approvedOn!: string | null;
  @Column('date', { name: 'executed_on', nullable: true }) executedOn!: string | null;
  @Column('date', { name: 'activated_on', nullable: true }) activatedOn!: string | null;
  @Column('date', { name: 'ended_on', nullable: true }) endedOn!: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
