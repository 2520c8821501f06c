import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
} from 'class-validator';
import { PARTNER_TIERS, PARTNER_TYPES, type PartnerTier, type PartnerType } from '../partner';

export class RegisterPartnerRequest {
  @ApiProperty({ example: 'University of Tokyo', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: PARTNER_TYPES, example: 'university' })
  @IsIn(PARTNER_TYPES)
  type!: PartnerType;

  @ApiProperty({ example: 'JP', description: 'ISO 3166-1 alpha-2 country code' })
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as JP' })
  country!: string;

  @ApiPropertyOptional({ type: String, example: 'https://www.u-tokyo.ac.jp', nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  website?: string | null;

  @ApiPropertyOptional({
    example: ['ai', 'brain-morphic-ai', 'ai-ethics'],
    description: 'Free tags; stored lower-case and hyphenated ("Secure Computation" → "secure-computation")',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  technologyAreas?: string[];

  @ApiPropertyOptional({ enum: PARTNER_TIERS, default: 'standard', example: 'strategic' })
  @IsOptional()
  @IsIn(PARTNER_TIERS)
  tier?: PartnerTier;
}
