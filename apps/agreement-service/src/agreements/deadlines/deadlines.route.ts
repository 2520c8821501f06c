import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Deadlines, DeadlinesQuery } from './deadlines.query';

class DeadlinesRequest {
  @ApiPropertyOptional({ default: 90 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  withinDays?: number;
}

/** Registered before `GET /agreements/:id` (app.module), so that `deadlines` is not taken for an id. */
@ApiTags('agreements')
@Controller('agreements')
export class DeadlinesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('deadlines')
  @ApiOperation({
    operationId: 'AgreementsController_deadlines',
    summary: 'Agreements expiring soon and overdue obligations, for dashboards',
  })
  @ApiOkResponse({ type: Deadlines })
  deadlines(@Query() { withinDays }: DeadlinesRequest): Promise<Deadlines> {
    return this.queries.execute(new DeadlinesQuery(withinDays ?? 90));
  }
}
