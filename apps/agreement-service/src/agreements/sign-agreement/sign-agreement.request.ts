import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { IsCalendarDate } from '@accord/platform';

/** A partner id, or `company` for our own side. */
export const PARTY_ID = /^(company|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export class SignAgreementRequest {
  @ApiProperty({
    example: 'company',
    description: 'The party signing: a partner id on the agreement, or `company` for our own side',
  })
  @IsString()
  @Matches(PARTY_ID, { message: 'partyId must be a partner id (UUID) or "company"' })
  partyId!: string;

  @ApiPropertyOptional({
    example: '2016-09-05',
    description:
      'The day it signed (YYYY-MM-DD; default today): not in the future, nor before the approval or the draft',
  })
  @IsOptional()
  @IsCalendarDate()
  signedOn?: string;
}

export class StartNegotiationRequest {
  @ApiPropertyOptional({
    example: '2016-06-27',
    description: 'The day negotiation started (YYYY-MM-DD; default today)',
  })
  @IsOptional()
  @IsCalendarDate()
  startedOn?: string;
}

export class SubmitForReviewRequest {
  @ApiPropertyOptional({
    example: '2016-08-08',
    description: 'The day it went to legal and IP review (YYYY-MM-DD; default today)',
  })
  @IsOptional()
  @IsCalendarDate()
  submittedOn?: string;
}

export class ApproveAgreementRequest {
  @ApiPropertyOptional({
    example: '2016-08-26',
    description: 'The day legal approved it (YYYY-MM-DD; default today)',
  })
  @IsOptional()
  @IsCalendarDate()
  approvedOn?: string;
}
