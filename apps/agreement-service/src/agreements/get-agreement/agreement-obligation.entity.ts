import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ObligationKind, ObligationStatus } from '../agreement-terms';

@Entity('agreement_obligations')
export class AgreementObligationView {
  @PrimaryColumn('uuid', { name: 'obligation_id' }) obligationId!: string;
  @Column('uuid', { name: 'agreement_id' }) agreementId!: string;
  @Column('text') kind!: ObligationKind;
  @Column('text') description!: string;
  @Column('date', { name: 'due_date' }) dueDate!: string;
  @Column('text') status!: ObligationStatus;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  /** The day it was met or waived. */
  @Column('date', { name: 'closed_on', nullable: true }) closedOn!: string | null;
}
