import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ContactRole, Sealed } from '../partner';

/**
 * A partner's contact for the detail page. Name and e-mail are kept sealed with the contact's key,
 * as in the events, and opened on read: no copy in clear reaches the table, its WAL or its backups.
 * Null once erased (and the key is gone then too).
 */
@Entity('partner_contacts')
export class PartnerContactView {
  @PrimaryColumn('uuid', { name: 'contact_id' })
  contactId!: string;

  @Column('uuid', { name: 'partner_id' })
  partnerId!: string;

  @Column('text', { name: 'sealed_name', nullable: true })
  sealedName!: Sealed | null;

  @Column('text', { name: 'sealed_email', nullable: true })
  sealedEmail!: Sealed | null;

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
