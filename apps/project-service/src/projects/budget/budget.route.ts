import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO4217CurrencyCode, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  Clock,
  IF_MATCH_HEADER,
  IsAmount,
  IsCalendarDate,
  Roles,
  Write,
  WriteResult,
  Writer,
  uuid,
  type WriteRequest,
} from '@accord/platform';
import { projectDecider } from '../project.decide';

export class MoneyMovementRequest {
  @ApiProperty({ example: 12_000_000 }) @IsAmount({ min: 0.01, max: 1e12 }) amount!: number;
  @ApiProperty({ example: 'JPY' }) @IsISO4217CurrencyCode() currency!: string;
}

export class CommitBudgetRequest extends MoneyMovementRequest {
  @ApiPropertyOptional({
    example: '2020-04-01',
    description:
      'The day the budget was committed; by default today. Not in the future, not before the project was proposed.',
  })
  @IsOptional()
  @IsCalendarDate()
  committedOn?: string;
}

export class RecordSpendRequest extends MoneyMovementRequest {
  @ApiProperty({ example: 'Test chip fabrication run' }) @IsString() @IsNotEmpty() @MaxLength(500) description!: string;
  @ApiProperty({
    example: '2025-11-02',
    description: 'The day it was spent: not in the future, not before the project was proposed',
  })
  @IsCalendarDate()
  spentOn!: string;
}

@ApiTags('projects')
@Controller('projects')
export class BudgetController {
  constructor(
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  @Post(':id/budget')
  @Roles('alliance_manager')
  @HttpCode(200)
  @ApiOperation({ operationId: 'ProjectsController_commitBudget', summary: 'Commit more budget' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async commitBudget(
    @Param('id', uuid('id')) id: string,
    @Body() { amount, currency, committedOn }: CommitBudgetRequest,
    @Write() write: WriteRequest,
  ) {
    const command = { type: 'CommitBudget', amount, currency, committedOn, today: this.clock.today() } as const;
    return write.answer(await this.writer.write(projectDecider, id, command, write));
  }

  @Post(':id/spend')
  @Roles('alliance_manager')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'ProjectsController_recordSpend',
    summary: 'Record spend against the budget (past the budget is allowed, and flagged)',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async recordSpend(
    @Param('id', uuid('id')) id: string,
    @Body() { amount, currency, description, spentOn }: RecordSpendRequest,
    @Write() write: WriteRequest,
  ) {
    const command = {
      type: 'RecordSpend',
      amount,
      currency,
      description,
      spentOn,
      today: this.clock.today(),
    } as const;
    return write.answer(await this.writer.write(projectDecider, id, command, write));
  }
}
