import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO31661Alpha2,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { IsCalendarDate } from '@accord/platform';
import { PARTNER_TIERS, PARTNER_TYPES, type PartnerTier, type PartnerType } from '../partner';

/** A partial update: fields left out stay as they are; `website: null` clears the website. */
export class UpdatePartnerRequest {
  @ApiPropertyOptional({ example: 'The University of Tokyo' })
  @ValidateIf((request: UpdatePartnerRequest) => request.name !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: PARTNER_TYPES })
  @ValidateIf((request: UpdatePartnerRequest) => request.type !== undefined)
  @IsIn(PARTNER_TYPES)
  type?: PartnerType;

  @ApiPropertyOptional({ example: 'JP' })
  @ValidateIf((request: UpdatePartnerRequest) => request.country !== undefined)
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as JP' })
  country?: string;

  @ApiPropertyOptional({ type: String, example: 'https://www.u-tokyo.ac.jp/en/', nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  website?: string | null;

  @ApiPropertyOptional({ example: ['ai', 'brain-morphic-ai', 'ai-ethics', 'ai-law'] })
  @ValidateIf((request: UpdatePartnerRequest) => request.technologyAreas !== undefined)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  technologyAreas?: string[];

  @ApiPropertyOptional({ enum: PARTNER_TIERS })
  @ValidateIf((request: UpdatePartnerRequest) => request.tier !== undefined)
  @IsIn(PARTNER_TIERS)
  tier?: PartnerTier;

  @ApiPropertyOptional({
    example: '2018-04-01',
    description:
      'The day a tier change took effect (YYYY-MM-DD; default today), not in the future. Dates the tier change only: profile edits are corrections, not acts.',
  })
  @ValidateIf((request: UpdatePartnerRequest) => request.effectiveOn !== undefined)
  @IsCalendarDate()
  effectiveOn?: string;
}
