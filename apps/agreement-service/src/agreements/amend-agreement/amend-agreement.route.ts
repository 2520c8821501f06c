import { Body, Controller, Param } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { normaliseTechnologyAreas } from '@accord/contracts';
import {
  Clock,
  IsCalendarDate,
  NonNullable,
  Write,
  WriteRoute,
  Writer,
  uuid,
  type WriteRequest,
} from '@accord/platform';
import type { AmendableTerms } from '../agreement-terms';
import { agreementDecider } from '../agreement.decide';
import { normaliseFunding } from '../draft-agreement/draft-agreement.handler';
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

@ApiTags('agreements')
@Controller('agreements')
export class AmendAgreementController {
  constructor(
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  @WriteRoute('POST', ':id/amend', {
    roles: ['alliance_manager', 'legal'],
    operationId: 'AgreementsController_amend',
    summary: 'Amend a signed agreement (numbered amendments)',
  })
  async amend(
    @Param('id', uuid('id')) id: string,
    @Body() { summary, changes, effectiveOn }: AmendAgreementRequest,
    @Write() write: WriteRequest,
  ) {
    const { funding, technologyAreas, ...rest } = changes;
    const defined: AmendableTerms = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
    if (technologyAreas) defined.technologyAreas = normaliseTechnologyAreas(technologyAreas);
    if (funding) defined.funding = normaliseFunding(funding);
    const today = this.clock.today();
    const command = { type: 'Amend', summary, changes: defined, effectiveOn: effectiveOn ?? today, today } as const;
    return write.answer(await this.writer.write(agreementDecider, id, command, write));
  }
}
