import { ApiProperty } from '@nestjs/swagger';
import {
  CONTACT_ROLES,
  PARTNER_STATUSES,
  PARTNER_TIERS,
  PARTNER_TYPES,
  type ContactRole,
  type PartnerStatus,
  type PartnerTier,
  type PartnerType,
} from '../partner';
import { unseal } from '../contact-vault';
import type { PartnerDirectoryEntry } from '../list-partners/partner-directory.entity';
import type { PartnerContactView } from './partner-contact.entity';

export class ContactView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    type: String,
    example: 'Kazuyuki Aihara',
    nullable: true,
    description: "null once erased, and for callers whose role doesn't see personal data (viewer)",
  })
  name!: string | null;
  @ApiProperty({
    type: String,
    example: 'k.aihara@example.ac.jp',
    nullable: true,
    description: "null once erased, and for callers whose role doesn't see personal data (viewer)",
  })
  email!: string | null;
  @ApiProperty({ enum: CONTACT_ROLES }) role!: ContactRole;
  @ApiProperty() internal!: boolean;
  @ApiProperty({ enum: ['current', 'erased'] }) status!: 'current' | 'erased';
}

/** A partner in the list: the directory row. */
export class PartnerSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'University of Tokyo' }) name!: string;
  @ApiProperty({ enum: PARTNER_TYPES }) type!: PartnerType;
  @ApiProperty({ example: 'JP' }) country!: string;
  @ApiProperty({ type: String, example: 'https://www.u-tokyo.ac.jp', nullable: true }) website!: string | null;
  @ApiProperty({ example: ['ai', 'brain-morphic-ai'] }) technologyAreas!: string[];
  @ApiProperty({ enum: PARTNER_TIERS }) tier!: PartnerTier;
  @ApiProperty({ enum: PARTNER_STATUSES }) status!: PartnerStatus;
  @ApiProperty({
    example: '2016-09-05',
    description:
      'The business date the current status began (activated, marked dormant, archived, restored); for a prospect, the day it was registered',
  })
  statusSince!: string;
  @ApiProperty({ example: 2 }) contactCount!: number;
  @ApiProperty({ example: 4, description: 'The stream version, also sent as the ETag' }) version!: number;
  @ApiProperty() registeredAt!: string;
  @ApiProperty() updatedAt!: string;
}

/** What the partner does with us, from the agreement and project services' events. */
export class PartnerActivityView {
  @ApiProperty({
    type: 'object',
    properties: {
      total: { type: 'integer' },
      byStatus: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Agreement status → count' },
    },
    required: ['total', 'byStatus'],
    selfRequired: true,
    example: { total: 2, byStatus: { active: 1, in_review: 1 } },
  })
  agreements!: { total: number; byStatus: Record<string, number> };
  @ApiProperty({
    type: 'object',
    properties: {
      total: { type: 'integer' },
      byStage: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Stage → open projects' },
      closed: { type: 'integer' },
    },
    required: ['total', 'byStage', 'closed'],
    selfRequired: true,
    example: { total: 3, byStage: { develop: 1, launch: 1 }, closed: 1 },
    description: 'byStage counts open projects',
  })
  projects!: { total: number; byStage: Record<string, number>; closed: number };
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastActivityAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'project patent filed' }) lastActivity!: string | null;
}

/** A partner's detail page: the summary, its current and erased contacts, and its activity. */
export class PartnerView extends PartnerSummary {
  @ApiProperty({ type: [ContactView] }) contacts!: ContactView[];
  @ApiProperty({
    type: PartnerActivityView,
    nullable: true,
    description: 'Not shown for a past moment or day (asOf, validOn)',
  })
  activity!: PartnerActivityView | null;
}

export function toSummary(entry: PartnerDirectoryEntry): PartnerSummary {
  return {
    id: entry.partnerId,
    name: entry.name,
    type: entry.type,
    country: entry.country,
    website: entry.website,
    technologyAreas: entry.technologyAreas,
    tier: entry.tier,
    status: entry.status,
    statusSince: entry.statusSince,
    contactCount: entry.contactCount,
    version: entry.version,
    registeredAt: entry.registeredAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
  };
}

/** `keys`: the contacts' keys, which open their sealed names and e-mails (erased ones have none). */
export function toView(
  entry: PartnerDirectoryEntry,
  contacts: PartnerContactView[],
  keys: ReadonlyMap<string, Buffer>,
): PartnerView {
  return {
    ...toSummary(entry),
    activity: null,
    contacts: contacts
      .filter((contact) => contact.status !== 'removed')
      .map((contact) => ({
        id: contact.contactId,
        name: unseal(keys.get(contact.contactId), contact.sealedName),
        email: unseal(keys.get(contact.contactId), contact.sealedEmail),
        role: contact.role,
        internal: contact.internal,
        status: contact.status === 'erased' ? 'erased' : 'current',
      })),
  };
}

/** The partner as a viewer sees it: contacts by role, without their names and e-mail addresses. */
export function withoutPersonalData(view: PartnerView): PartnerView {
  return { ...view, contacts: view.contacts.map((contact) => ({ ...contact, name: null, email: null })) };
}
