import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsNotEmpty,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, AreTechnologyAreas } from '@accord/platform';
import { AGREEMENT_TYPES, FOREGROUND_OWNERSHIP, FUNDING_DIRECTIONS, type AgreementType } from '../agreement-terms';
import { PARTY_ID } from '../sign-agreement/sign-agreement.route';

export class FundingRequest {
  @ApiProperty({ enum: FUNDING_DIRECTIONS, example: 'outbound' })
  @IsIn(FUNDING_DIRECTIONS)
  direction!: (typeof FUNDING_DIRECTIONS)[number];

  @ApiProperty({ example: 500_000_000, description: 'In the currency below, > 0' })
  @IsPositive()
  amount!: number;

  @ApiProperty({ example: 'JPY', description: 'ISO 4217' })
  @IsISO4217CurrencyCode()
  currency!: string;

  @ApiPropertyOptional({ type: String, example: 'annually over 10 years', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  schedule?: string | null;
}

export class IpTermsRequest {
  @ApiProperty({ enum: FOREGROUND_OWNERSHIP, example: 'joint' })
  @IsIn(FOREGROUND_OWNERSHIP)
  foregroundOwnership!: (typeof FOREGROUND_OWNERSHIP)[number];

  @ApiProperty({ example: 60, description: 'Days each party has to review a publication' })
  @IsInt()
  @Min(0)
  @Max(365)
  publicationReviewDays!: number;

  @ApiProperty({ example: true, description: 'Whether background IP is listed in the agreement' })
  @IsBoolean()
  backgroundIpListed!: boolean;
}

export class SignatureRequest {
  @ApiProperty({ example: 'company', description: 'A partner id on the agreement, or `company` for our own side' })
  @IsString()
  @Matches(PARTY_ID, { message: 'partyId must be a partner id (UUID) or "company"' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  partyId!: string;

  @ApiProperty({ example: '2016-09-05', description: 'The day this party signed (YYYY-MM-DD)' })
  @IsCalendarDate()
  signedOn!: string;
}

/** What a signed paper agreement adds to its terms: the approval and every party's signature. */
export class ExecutionRequest {
  @ApiPropertyOptional({
    example: '2016-08-26',
    description: 'The day legal approved it (YYYY-MM-DD); defaults to the earliest signature',
  })
  @IsOptional()
  @IsCalendarDate()
  approvedOn?: string;

  @ApiProperty({
    type: [SignatureRequest],
    description: 'Every party’s signature, `company` included, each with its date',
  })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(51)
  @ValidateNested({ each: true })
  @Type(() => SignatureRequest)
  signatures!: SignatureRequest[];
}

export class DraftAgreementRequest {
  @ApiProperty({ enum: AGREEMENT_TYPES, example: 'comprehensive_alliance' })
  @IsIn(AGREEMENT_TYPES)
  type!: AgreementType;

  @ApiProperty({ example: 'NEC/University of Tokyo Strategic Partnership for Future AI Research and Education' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Brain-morphic AI research, AI ethics and law, scholarships and internships',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  purpose?: string | null;

  @ApiProperty({ example: ['5f0e3a5c-0b1e-4a50-9a55-2f1a3a7c9d10'], description: 'Registered, non-archived partners' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  // Ids are compared as Postgres writes them: lower case.
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id)) : value,
  )
  partyIds!: string[];

  @ApiProperty({ example: 'alliance-manager-ai-strategy', description: 'The alliance manager who owns it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  ownerId!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The master agreement this one falls under',
  })
  @IsOptional()
  @IsUUID()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  parentAgreementId?: string | null;

  @ApiPropertyOptional({ example: ['ai', 'brain-morphic-ai'] })
  @AreTechnologyAreas()
  technologyAreas?: string[];

  @ApiProperty({ example: '2016-09-05', description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  effectiveDate!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2026-09-04',
    nullable: true,
    description: 'YYYY-MM-DD; none for open-ended',
  })
  @IsOptional()
  @IsCalendarDate()
  expiryDate?: string | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  autoRenew?: boolean;

  @ApiPropertyOptional({ default: 90, example: 180 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  noticePeriodDays?: number;

  @ApiPropertyOptional({ type: [FundingRequest] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FundingRequest)
  funding?: FundingRequest[];

  @ApiPropertyOptional({ type: IpTermsRequest })
  @IsOptional()
  @ValidateNested()
  @Type(() => IpTermsRequest)
  ipTerms?: IpTermsRequest;

  @ApiPropertyOptional({
    example: '2016-05-10',
    description:
      'The day the draft was made (YYYY-MM-DD), when it is known: approvals and signatures cannot come before it',
  })
  @IsOptional()
  @IsCalendarDate()
  draftedOn?: string;

  @ApiPropertyOptional({
    type: ExecutionRequest,
    description:
      'For an agreement signed before it is entered: its approval and signatures. It is stored as the step-by-step ' +
      'path would store it (drafted, submitted, approved, signed by each party), and its status follows the dates. ' +
      'Needs the legal role too, as approving and signing for the company do.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExecutionRequest)
  execution?: ExecutionRequest;
}
