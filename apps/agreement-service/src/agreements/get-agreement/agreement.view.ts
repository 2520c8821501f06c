import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AGREEMENT_STATUSES,
  AGREEMENT_TYPES,
  COMPANY,
  OBLIGATION_KINDS,
  OBLIGATION_STATUSES,
  type AgreementStatus,
  type AgreementType,
  type Funding,
  type IpTerms,
  type ObligationKind,
  type ObligationStatus,
} from '../agreement';
import type { AgreementRegisterEntry } from '../list-agreements/agreement-register.entity';
import type { AgreementAmendmentView } from './agreement-amendment.entity';
import type { AgreementObligationView } from './agreement-obligation.entity';

export class SignatureView {
  @ApiProperty({ example: 'company' }) partyId!: string;
  @ApiProperty({ example: '2016-09-05', nullable: true }) signedOn!: string | null;
}

export class ObligationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: OBLIGATION_KINDS }) kind!: ObligationKind;
  @ApiProperty() description!: string;
  @ApiProperty({ example: '2027-03-31' }) dueDate!: string;
  @ApiProperty({ enum: OBLIGATION_STATUSES }) status!: ObligationStatus;
  @ApiProperty({ example: '2027-03-28', nullable: true, description: 'The day it was met or waived' })
  closedOn!: string | null;
}

export class AmendmentView {
  @ApiProperty({ example: 1 }) amendment!: number;
  @ApiProperty() summary!: string;
  @ApiProperty() changes!: object;
  @ApiProperty() amendedAt!: string;
  @ApiProperty({ example: '2021-04-01', nullable: true, description: 'The day it took effect' })
  effectiveOn!: string | null;
}

export class AgreementSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: AGREEMENT_TYPES }) type!: AgreementType;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: AGREEMENT_STATUSES }) status!: AgreementStatus;
  @ApiProperty({ type: [String] }) partyIds!: string[];
  @ApiProperty() ownerId!: string;
  @ApiPropertyOptional({ nullable: true }) parentAgreementId!: string | null;
  @ApiProperty({ type: [String] }) technologyAreas!: string[];
  @ApiProperty({ example: '2016-09-05' }) effectiveDate!: string;
  @ApiProperty({ example: '2026-09-04', nullable: true }) expiryDate!: string | null;
  @ApiProperty({
    example: '2016-09-05',
    nullable: true,
    description: 'The day the last party signed: the partnership established (a business date)',
  })
  executedOn!: string | null;
  @ApiProperty({ example: '2016-09-05', nullable: true, description: 'The day it came into force' })
  activatedOn!: string | null;
  @ApiProperty({ example: null, nullable: true, description: 'The day it expired or was terminated' })
  endedOn!: string | null;
  @ApiProperty({ example: 4, description: 'The stream version, also sent as the ETag' }) version!: number;
  @ApiProperty() updatedAt!: string;
}

export class AgreementView extends AgreementSummary {
  @ApiPropertyOptional({ nullable: true }) purpose!: string | null;
  @ApiProperty() autoRenew!: boolean;
  @ApiProperty() noticePeriodDays!: number;
  @ApiProperty() funding!: Funding[];
  @ApiProperty() ipTerms!: IpTerms;
  @ApiProperty({ example: '2016-05-10', nullable: true, description: 'The day it was drafted, when given' })
  draftedOn!: string | null;
  @ApiProperty({ example: '2016-08-26', nullable: true, description: 'The day it was approved' })
  approvedOn!: string | null;
  @ApiProperty({ type: [SignatureView], description: 'Every party, signed or not; our side is `company`' })
  signatures!: SignatureView[];
  @ApiProperty({ description: 'True when every party has signed' }) fullyExecuted!: boolean;
  @ApiProperty({ example: 0 }) renewals!: number;
  @ApiProperty({ type: [ObligationView] }) obligations!: ObligationView[];
  @ApiProperty({ type: [AmendmentView] }) amendments!: AmendmentView[];
}

export function toSummary(entry: AgreementRegisterEntry): AgreementSummary {
  return {
    id: entry.agreementId,
    type: entry.type,
    title: entry.title,
    status: entry.status,
    partyIds: entry.partyIds,
    ownerId: entry.ownerId,
    parentAgreementId: entry.parentAgreementId,
    technologyAreas: entry.technologyAreas,
    effectiveDate: entry.effectiveDate,
    expiryDate: entry.expiryDate,
    executedOn: entry.executedOn,
    activatedOn: entry.activatedOn,
    endedOn: entry.endedOn,
    version: entry.version,
    updatedAt: entry.updatedAt.toISOString(),
  };
}

export function toView(
  entry: AgreementRegisterEntry,
  obligations: AgreementObligationView[],
  amendments: AgreementAmendmentView[],
): AgreementView {
  const signatures = [COMPANY, ...entry.partyIds].map((partyId) => ({
    partyId,
    signedOn: entry.signatures[partyId] ?? null,
  }));
  return {
    ...toSummary(entry),
    purpose: entry.purpose,
    draftedOn: entry.draftedOn,
    approvedOn: entry.approvedOn,
    autoRenew: entry.autoRenew,
    noticePeriodDays: entry.noticePeriodDays,
    funding: entry.funding,
    ipTerms: entry.ipTerms,
    signatures,
    fullyExecuted: signatures.every((s) => s.signedOn !== null),
    renewals: entry.renewals,
    obligations: obligations.map((o) => ({
      id: o.obligationId,
      kind: o.kind,
      description: o.description,
      dueDate: o.dueDate,
      status: o.status,
      closedOn: o.closedOn,
    })),
    amendments: amendments.map((a) => ({
      amendment: a.amendment,
      summary: a.summary,
      changes: a.changes,
      amendedAt: a.amendedAt.toISOString(),
      effectiveOn: a.effectiveOn,
    })),
  };
}
