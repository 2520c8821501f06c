import { Body, Controller } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO31661Alpha2, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { CreateRoute, Create, IdempotentCreates, Writer, type NewResource, AreTechnologyAreas } from '@accord/platform';
import { PARTNER_TIERS, PARTNER_TYPES, type PartnerTier, type PartnerType } from '../partner';
import { partnerWrites } from '../partner.writes';

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
  @AreTechnologyAreas()
  technologyAreas?: string[];

  @ApiPropertyOptional({ enum: PARTNER_TIERS, default: 'standard', example: 'strategic' })
  @IsOptional()
  @IsIn(PARTNER_TIERS)
  tier?: PartnerTier;
}

@ApiTags('partners')
@Controller('partners')
export class RegisterPartnerRoute {
  constructor(
    private readonly writer: Writer,
    private readonly creates: IdempotentCreates,
  ) {}

  @CreateRoute({
    roles: ['alliance_manager'],
    operationId: 'PartnersController_register',
    summary: 'Register a partner',
    description:
      'A new partner starts as a prospect. The same name in the same country is a 409 naming the existing partner.',
  })
  async register(@Body() request: RegisterPartnerRequest, @Create() create: NewResource) {
    const { tier = 'standard', website = null, technologyAreas = [], ...profile } = request;
    const { context } = create;
    const outcome = await this.creates.create({ ...create, body: request, stream: partnerWrites.stream }, (partnerId) =>
      this.writer.write(
        partnerWrites,
        partnerId,
        { type: 'RegisterPartner', partnerId, tier, profile: { ...profile, website, technologyAreas } },
        { context },
      ),
    );
    return create.answer(`/partners/${outcome.result.id}`, outcome);
  }
}
