import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  Clock,
  IF_MATCH_HEADER,
  IsCalendarDate,
  Roles,
  Write,
  WriteResult,
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

  @Post(':id/obligations')
  @Roles('alliance_manager', 'legal')
  @ApiOperation({ operationId: 'AgreementsController_addObligation', summary: 'Add an obligation with a due date' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiCreatedResponse({ type: ObligationWriteResult })
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

  @Post(':id/obligations/:obligationId/meet')
  @Roles('alliance_manager', 'legal')
  @HttpCode(200)
  @ApiOperation({ operationId: 'AgreementsController_meetObligation', summary: 'Mark an obligation met' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
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

  @Post(':id/obligations/:obligationId/waive')
  @Roles('alliance_manager', 'legal')
  @HttpCode(200)
  @ApiOperation({ operationId: 'AgreementsController_waiveObligation', summary: 'Waive an obligation, with a reason' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
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
