import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AGREEMENT_STATUSES, COMPANY, type AgreementStatus } from '../agreement';
import {
  AGREEMENT_TYPES,
  FOREGROUND_OWNERSHIP,
  FUNDING_DIRECTIONS,
  OBLIGATION_KINDS,
  OBLIGATION_STATUSES,
  type AgreementType,
  type Funding,
  type IpTerms,
  type ObligationKind,
  type ObligationStatus,
} from '../agreement-terms';
import type { AgreementRegisterEntry } from '../list-agreements/agreement-register.entity';
import type { AgreementAmendmentView } from './agreement-amendment.entity';
import type { AgreementObligationView } from './agreement-obligation.entity';

export class SignatureView {
  @ApiProperty({ example: 'company' }) partyId!: string;
  @ApiProperty({ type: String, format: 'date', example: '2016-09-05', nullable: true }) signedOn!: string | null;
}

/** A funding line as stored: currency upper-case, schedule null when none was given. */
export class FundingView {
  @ApiProperty({ enum: FUNDING_DIRECTIONS }) direction!: Funding['direction'];
  @ApiProperty({ example: 500_000_000 }) amount!: number;
  @ApiProperty({ example: 'JPY', description: 'ISO 4217' }) currency!: string;
  @ApiProperty({ type: String, example: 'annually over 10 years', nullable: true }) schedule!: string | null;
}

export class IpTermsView {
  @ApiProperty({ enum: FOREGROUND_OWNERSHIP }) foregroundOwnership!: IpTerms['foregroundOwnership'];
  @ApiProperty({ type: 'integer', example: 60 }) publicationReviewDays!: number;
  @ApiProperty() backgroundIpListed!: boolean;
}

/** The terms an amendment changed, as it set them: only those present changed. */
export class AmendedTermsView {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null: cleared' }) purpose?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'null: made open-ended' })
  expiryDate?: string | null;
  @ApiPropertyOptional() autoRenew?: boolean;
  @ApiPropertyOptional({ type: 'integer' }) noticePeriodDays?: number;
  @ApiPropertyOptional({ type: [FundingView] }) funding?: FundingView[];
  @ApiPropertyOptional({ type: IpTermsView }) ipTerms?: IpTermsView;
  @ApiPropertyOptional({ type: [String] }) technologyAreas?: string[];
}

export class ObligationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: OBLIGATION_KINDS }) kind!: ObligationKind;
  @ApiProperty() description!: string;
  @ApiProperty({ example: '2027-03-31' }) dueDate!: string;
  @ApiProperty({ enum: OBLIGATION_STATUSES }) status!: ObligationStatus;
  @ApiProperty({
    type: String,
    format: 'date',
    example: '2027-03-28',
    nullable: true,
    description: 'The day it was met or waived',
  })
  closedOn!: string | null;
}

export class AmendmentView {
  @ApiProperty({ example: 1 }) amendment!: number;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: AmendedTermsView }) changes!: object;
  @ApiProperty() amendedAt!: string;
  @ApiProperty({
    type: String,
    format: 'date',
    example: '2021-04-01',
    nullable: true,
    description: 'The day it took effect',
  })
  effectiveOn!: string | null;
}

export class AgreementSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: AGREEMENT_TYPES }) type!: AgreementType;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: AGREEMENT_STATUSES }) status!: AgreementStatus;
  @ApiProperty({ type: [String] }) partyIds!: string[];
  @ApiProperty() ownerId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentAgreementId!: string | null;
  @ApiProperty({ type: [String] }) technologyAreas!: string[];
  @ApiProperty({ example: '2016-09-05' }) effectiveDate!: string;
  @ApiProperty({ type: String, format: 'date', example: '2026-09-04', nullable: true }) expiryDate!: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    example: '2016-09-05',
    nullable: true,
    description: 'The day the last party signed: the partnership established (a business date)',
  })
  executedOn!: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    example: '2016-09-05',
    nullable: true,
    description: 'The day it came into force',
  })
  activatedOn!: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    example: null,
    nullable: true,
    description: 'The day it expired or was terminated',
  })
  endedOn!: string | null;
  @ApiProperty({ example: 4, description: 'The stream version, also sent as the ETag' }) version!: number;
  @ApiProperty() updatedAt!: string;
}

export class AgreementView extends AgreementSummary {
  @ApiProperty({ type: String, nullable: true }) purpose!: string | null;
  @ApiProperty() autoRenew!: boolean;
  @ApiProperty() noticePeriodDays!: number;
  @ApiProperty({ type: [FundingView] }) funding!: Funding[];
  @ApiProperty({ type: IpTermsView }) ipTerms!: IpTerms;
  @ApiProperty({
    type: String,
    format: 'date',
    example: '2016-05-10',
    nullable: true,
    description: 'The day it was drafted, when given',
  })
  draftedOn!: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    example: '2016-08-26',
    nullable: true,
    description: 'The day it was approved',
  })
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
