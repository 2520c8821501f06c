import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsCalendarDate } from '@accord/platform';
import { AGREEMENT_STATUSES, type AgreementStatus } from '../agreement';
import { AGREEMENT_TYPES, type AgreementType } from '../agreement-terms';

export const AGREEMENT_SORTS = [
  'title',
  'effectiveDate',
  '-effectiveDate',
  'expiryDate',
  '-expiryDate',
  '-updatedAt',
] as const;

export class ListAgreementsRequest {
  @ApiPropertyOptional({ enum: AGREEMENT_TYPES }) @IsOptional() @IsIn(AGREEMENT_TYPES) type?: AgreementType;
  @ApiPropertyOptional({ enum: AGREEMENT_STATUSES }) @IsOptional() @IsIn(AGREEMENT_STATUSES) status?: AgreementStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Agreements this partner is a party to' })
  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @ApiPropertyOptional({ example: 90, description: 'Signed or active agreements expiring within this many days' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  expiringWithinDays?: number;

  @ApiPropertyOptional({
    example: '2024-06-01',
    description: 'Agreements in force on this day (YYYY-MM-DD): active by then, and not yet expired or terminated',
  })
  @IsOptional()
  @IsCalendarDate()
  inForceOn?: string;

  @ApiPropertyOptional({ enum: AGREEMENT_SORTS, default: '-updatedAt' })
  @IsOptional()
  @IsIn(AGREEMENT_SORTS)
  sort?: (typeof AGREEMENT_SORTS)[number];
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}
