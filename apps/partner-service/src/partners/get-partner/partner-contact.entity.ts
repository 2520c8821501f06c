import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ContactRole } from '../partner';

/** A partner's contact as the detail page shows it; personal fields are null once erased. */
@Entity('partner_contacts')
export class PartnerContactView {
  @PrimaryColumn('uuid', { name: 'contact_id' })
  contactId!: string;

  @Column('uuid', { name: 'partner_id' })
  partnerId!: string;

  @Column('text', { nullable: true })
  name!: string | null;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text')
  role!: ContactRole;

  @Column('boolean')
  internal!: boolean;

  @Column('text')
  status!: 'current' | 'removed' | 'erased';

  @Column('timestamptz', { name: 'added_at' })
  addedAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
