import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AmendableTerms } from '../agreement-terms';

@Entity('agreement_amendments')
export class AgreementAmendmentView {
  @PrimaryColumn('uuid', { name: 'agreement_id' }) agreementId!: string;
  @PrimaryColumn('int') amendment!: number;
  @Column('text') summary!: string;
  @Column('jsonb') changes!: AmendableTerms;
  @Column('timestamptz', { name: 'amended_at' }) amendedAt!: Date;
  @Column('date', { name: 'effective_on', nullable: true }) effectiveOn!: string | null;
}
