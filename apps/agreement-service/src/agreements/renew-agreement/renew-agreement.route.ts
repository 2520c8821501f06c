import { Body, Controller, Param } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { Clock, IsCalendarDate, Write, WriteRoute, Writer, uuid, type WriteRequest } from '@accord/platform';
import { agreementDecider } from '../agreement.decide';

export class RenewAgreementRequest {
  @ApiProperty({ example: '2031-09-04', description: 'The new expiry date, after the current one' })
  @IsCalendarDate()
  newExpiryDate!: string;

  @ApiPropertyOptional({
    example: '2026-08-20',
    description: 'The day the renewal was agreed (YYYY-MM-DD; default today), not before the execution',
  })
  @IsOptional()
  @IsCalendarDate()
  renewedOn?: string;
}

@ApiTags('agreements')
@Controller('agreements')
export class RenewAgreementController {
  constructor(
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  @WriteRoute('POST', ':id/renew', {
    roles: ['alliance_manager', 'legal'],
    operationId: 'AgreementsController_renew',
    summary: 'Renew: extend the same agreement to a later expiry date',
  })
  async renew(
    @Param('id', uuid('id')) id: string,
    @Body() { newExpiryDate, renewedOn }: RenewAgreementRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = { type: 'Renew', newExpiryDate, renewedOn: renewedOn ?? today, today } as const;
    return write.answer(await this.writer.write(agreementDecider, id, command, write));
  }
}
