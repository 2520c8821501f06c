import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PartnerStatus, PartnerTier, PartnerType } from '../partner';
import type { PartnerLastActivity } from '../partner-activity/partner-last-activity.entity';

/** One row per partner: what the list, its filters and the detail page read. */
@Entity('partner_directory')
export class PartnerDirectoryEntry {
  @PrimaryColumn('uuid', { name: 'partner_id' })
  partnerId!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'normalised_name' })
  normalisedName!: string;

  @Column('text')
  type!: PartnerType;

  @Column('char', { length: 2 })
  country!: string;

  @Column('text', { nullable: true })
  website!: string | null;

  @Column('text', { name: 'technology_areas', array: true })
  technologyAreas!: string[];

  @Column('text')
  tier!: PartnerTier;

  @Column('text')
  status!: PartnerStatus;

  /** The business date the current status began (`YYYY-MM-DD`); for a prospect, the day it was registered. */
  @Column('date', { name: 'status_since' })
  statusSince!: string;

  @Column('int', { name: 'contact_count' })
  contactCount!: number;

  @Column('int')
  version!: number;

  @Column('timestamptz', { name: 'registered_at' })
  registeredAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  /** Not a column: the list joins the partner's last activity in (null: none known). */
  lastActivity?: PartnerLastActivity | null;
}
