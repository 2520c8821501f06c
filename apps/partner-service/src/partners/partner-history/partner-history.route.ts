import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, HistoryEntry, seesPersonalData, uuid, type AuthenticatedUser } from '@accord/platform';
import { PartnerHistoryQuery } from './partner-history.query';

@ApiTags('partners')
@Controller('partners')
export class PartnerHistoryRoute {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/history')
  @ApiOperation({ operationId: 'PartnersController_history', summary: 'Who did what to this partner, and when' })
  @ApiOkResponse({ type: [HistoryEntry] })
  history(@Param('id', uuid('id')) id: string, @CurrentUser() user: AuthenticatedUser): Promise<HistoryEntry[]> {
    return this.queries.execute(new PartnerHistoryQuery(id, seesPersonalData(user)));
  }
}
