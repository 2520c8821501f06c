import { randomUUID } from 'node:crypto';
import { Body, Controller, Param } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  Clock,
  IsCalendarDate,
  Write,
  WriteResult,
  WriteRoute,
  Writer,
  uuid,
  type WriteRequest,
} from '@accord/platform';
import { OBLIGATION_KINDS, type ObligationKind } from '../agreement-terms';
import { agreementDecider } from '../agreement.decide';

export class AddObligationRequest {
  @ApiProperty({ enum: OBLIGATION_KINDS, example: 'report' })
  @IsIn(OBLIGATION_KINDS)
  kind!: ObligationKind;

  @ApiProperty({ example: 'Annual joint research report to both steering committees' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  description!: string;

  @ApiProperty({ example: '2027-03-31' })
  @IsCalendarDate()
  dueDate!: string;
}

export class WaiveObligationRequest {
  @ApiProperty({ example: 'Steering committee agreed to combine it with the next report' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;

  @ApiPropertyOptional({ example: '2027-03-20', description: 'The day it was waived (YYYY-MM-DD; default today)' })
  @IsOptional()
  @IsCalendarDate()
  waivedOn?: string;
}

export class MeetObligationRequest {
  @ApiPropertyOptional({ example: '2027-03-28', description: 'The day it was met (YYYY-MM-DD; default today)' })
  @IsOptional()
  @IsCalendarDate()
  metOn?: string;
}

class ObligationWriteResult extends WriteResult {
  @ApiProperty({ format: 'uuid' }) obligationId!: string;
}

@ApiTags('agreements')
@Controller('agreements')
export class ObligationsController {
  constructor(
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  @WriteRoute('POST', ':id/obligations', {
    roles: ['alliance_manager', 'legal'],
    operationId: 'AgreementsController_addObligation',
    summary: 'Add an obligation with a due date',
    status: 201,
    type: ObligationWriteResult,
  })
  async addObligation(
    @Param('id', uuid('id')) id: string,
    @Body() request: AddObligationRequest,
    @Write() write: WriteRequest,
  ) {
    const obligationId = randomUUID();
    const command = { type: 'AddObligation', obligationId, ...request } as const;
    const result = await this.writer.write(agreementDecider, id, command, write);
    return write.answer({ ...result, obligationId });
  }

  @WriteRoute('POST', ':id/obligations/:obligationId/meet', {
    roles: ['alliance_manager', 'legal'],
    operationId: 'AgreementsController_meetObligation',
    summary: 'Mark an obligation met',
  })
  async meetObligation(
    @Param('id', uuid('id')) id: string,
    @Param('obligationId', uuid('obligationId')) obligationId: string,
    @Body() { metOn }: MeetObligationRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = { type: 'MeetObligation', obligationId, metOn: metOn ?? today, today } as const;
    return write.answer(await this.writer.write(agreementDecider, id, command, write));
  }

  @WriteRoute('POST', ':id/obligations/:obligationId/waive', {
    roles: ['alliance_manager', 'legal'],
    operationId: 'AgreementsController_waiveObligation',
    summary: 'Waive an obligation, with a reason',
  })
  async waiveObligation(
    @Param('id', uuid('id')) id: string,
    @Param('obligationId', uuid('obligationId')) obligationId: string,
    @Body() { reason, waivedOn }: WaiveObligationRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = { type: 'WaiveObligation', obligationId, reason, waivedOn: waivedOn ?? today, today } as const;
    return write.answer(await this.writer.write(agreementDecider, id, command, write));
  }
}
