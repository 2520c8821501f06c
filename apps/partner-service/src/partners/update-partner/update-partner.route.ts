import { Body, Controller, Param } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
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
import { Clock, IsCalendarDate, Write, WriteRoute, Writer, uuid, type WriteRequest } from '@accord/platform';
import { PARTNER_TIERS, PARTNER_TYPES, type PartnerTier, type PartnerType } from '../partner';
import { partnerWrites } from '../partner.writes';

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

@ApiTags('partners')
@Controller('partners')
export class UpdatePartnerRoute {
  constructor(
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  @WriteRoute('PATCH', ':id', {
    roles: ['alliance_manager'],
    operationId: 'PartnersController_update',
    summary: "Update a partner's profile or tier",
    description:
      'Only the fields sent change; `website: null` clears it. A tier change is dated `effectiveOn` (default today; a date in the future is a 422 `date_in_future`).',
  })
  async update(
    @Param('id', uuid('id')) id: string,
    @Body() request: UpdatePartnerRequest,
    @Write() write: WriteRequest,
  ) {
    const { tier, effectiveOn, ...changes } = request;
    const command = { type: 'UpdatePartnerProfile', changes, tier, effectiveOn, today: this.clock.today() } as const;
    return write.answer(await this.writer.write(partnerWrites, id, command, write));
  }
}
