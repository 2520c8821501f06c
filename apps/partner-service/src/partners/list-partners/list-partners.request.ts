import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO31661Alpha2, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PARTNER_STATUSES, PARTNER_TYPES, type PartnerStatus, type PartnerType } from '../partner';

export const PARTNER_SORTS = [
  'name',
  '-name',
  'registeredAt',
  '-registeredAt',
  'updatedAt',
  '-updatedAt',
  'country',
  'tier',
] as const;

export class ListPartnersRequest {
  @ApiPropertyOptional({ enum: PARTNER_TYPES })
  @IsOptional()
  @IsIn(PARTNER_TYPES)
  type?: PartnerType;

  @ApiPropertyOptional({ example: 'JP' })
  @IsOptional()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as JP' })
  country?: string;

  @ApiPropertyOptional({ enum: PARTNER_STATUSES })
  @IsOptional()
  @IsIn(PARTNER_STATUSES)
  status?: PartnerStatus;

  @ApiPropertyOptional({ example: 'quantum-cryptography' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  technologyArea?: string;

  @ApiPropertyOptional({ example: 'tokyo', description: 'Words in the name, any case' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: PARTNER_SORTS, default: 'name', description: 'A leading - sorts descending' })
  @IsOptional()
  @IsIn(PARTNER_SORTS)
  sort?: (typeof PARTNER_SORTS)[number];

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}
