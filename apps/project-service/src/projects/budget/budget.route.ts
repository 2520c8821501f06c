import { Body, Controller, Param } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO4217CurrencyCode, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Clock, IsAmount, IsCalendarDate, Write, WriteRoute, Writer, uuid, type WriteRequest } from '@accord/platform';
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

  @WriteRoute('POST', ':id/budget', {
    roles: ['alliance_manager'],
    operationId: 'ProjectsController_commitBudget',
    summary: 'Commit more budget',
  })
  async commitBudget(
    @Param('id', uuid('id')) id: string,
    @Body() { amount, currency, committedOn }: CommitBudgetRequest,
    @Write() write: WriteRequest,
  ) {
    const command = { type: 'CommitBudget', amount, currency, committedOn, today: this.clock.today() } as const;
    return write.answer(await this.writer.write(projectDecider, id, command, write));
  }

  @WriteRoute('POST', ':id/spend', {
    roles: ['alliance_manager'],
    operationId: 'ProjectsController_recordSpend',
    summary: 'Record spend against the budget (past the budget is allowed, and flagged)',
  })
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
