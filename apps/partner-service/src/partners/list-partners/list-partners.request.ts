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
  'lastActivityAt',
  '-lastActivityAt',
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

  @ApiPropertyOptional({
    example: 365,
    description:
      'Partners with no activity (agreement or project act, by its business date) for this many days or more, or none at all: dormant candidates',
    minimum: 1,
    maximum: 36500,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(36500)
  inactiveForDays?: number;

  @ApiPropertyOptional({
    enum: PARTNER_SORTS,
    default: 'name',
    example: '-lastActivityAt',
    description:
      'A leading - sorts descending. `lastActivityAt` puts partners with no activity first, `-lastActivityAt` last.',
  })
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
