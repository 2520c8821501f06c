import { Body, Controller, Param } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Clock, IsCalendarDate, Write, WriteRoute, Writer, uuid, type WriteRequest } from '@accord/platform';
import { agreementDecider } from '../agreement.decide';

export class TerminateAgreementRequest {
  @ApiProperty({ example: 'Partner withdrew from the programme', description: 'Why: kept in the history' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;

  @ApiPropertyOptional({
    example: '2026-11-30',
    description: 'The day the termination took effect (YYYY-MM-DD; default today), not before the execution',
  })
  @IsOptional()
  @IsCalendarDate()
  effectiveOn?: string;
}

@ApiTags('agreements')
@Controller('agreements')
export class TerminateAgreementController {
  constructor(
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  @WriteRoute('POST', ':id/terminate', {
    roles: ['legal'],
    operationId: 'AgreementsController_terminate',
    summary: 'Terminate, with a reason',
  })
  async terminate(
    @Param('id', uuid('id')) id: string,
    @Body() { reason, effectiveOn }: TerminateAgreementRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = { type: 'Terminate', reason, terminatedOn: effectiveOn ?? today, today } as const;
    return write.answer(await this.writer.write(agreementDecider, id, command, write));
  }
}
