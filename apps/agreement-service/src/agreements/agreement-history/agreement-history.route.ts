import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HistoryEntry, uuid } from '@accord/platform';
import { AgreementHistoryQuery } from './agreement-history.query';

@ApiTags('agreements')
@Controller('agreements')
export class AgreementHistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/history')
  @ApiOperation({
    operationId: 'AgreementsController_history',
    summary: 'Who did what to this agreement, and when',
  })
  @ApiOkResponse({ type: [HistoryEntry] })
  history(@Param('id', uuid('id')) id: string): Promise<HistoryEntry[]> {
    return this.queries.execute(new AgreementHistoryQuery(id));
  }
}
