import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A partner's latest act in the agreement and project services, by business date (kept by the
 * partner-activity consumer): what the list shows, filters dormant candidates by and sorts on.
 */
@Entity('partner_activity')
export class PartnerLastActivity {
  @PrimaryColumn('uuid', { name: 'partner_id' })
  partnerId!: string;

  /** The business date of the act, at 00:00 UTC (older rows: when it was recorded). */
  @Column('timestamptz', { name: 'last_activity_at' })
  lastActivityAt!: Date;

  @Column('text', { name: 'last_activity' })
  lastActivity!: string;
}
