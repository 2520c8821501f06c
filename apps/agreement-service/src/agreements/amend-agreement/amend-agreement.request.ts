import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsCalendarDate, NonNullable } from '@accord/platform';
import { DraftAgreementRequest } from '../draft-agreement/draft-agreement.request';

/** `expiryDate: null` makes the agreement open-ended and `purpose: null` clears it; the rest stay set. */
@NonNullable('autoRenew', 'noticePeriodDays', 'funding', 'ipTerms', 'technologyAreas')
export class AmendableTermsRequest extends PartialType(
  PickType(DraftAgreementRequest, [
    'purpose',
    'expiryDate',
    'autoRenew',
    'noticePeriodDays',
    'funding',
    'ipTerms',
    'technologyAreas',
  ] as const),
) {}

export class AmendAgreementRequest {
  @ApiProperty({ example: 'Extend the joint research by five years; add scholarship funding' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  summary!: string;

  @ApiPropertyOptional({ type: AmendableTermsRequest })
  @IsObject()
  @ValidateNested()
  @Type(() => AmendableTermsRequest)
  changes!: AmendableTermsRequest;

  @ApiPropertyOptional({
    example: '2021-04-01',
    description: 'The day the amendment took effect (YYYY-MM-DD; default today), not before the execution',
  })
  @IsOptional()
  @IsCalendarDate()
  effectiveOn?: string;
}
