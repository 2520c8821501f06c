import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgreementPage, ListAgreementsQuery } from './list-agreements.query';
import { ListAgreementsRequest } from './list-agreements.request';

@ApiTags('agreements')
@Controller('agreements')
export class ListAgreementsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    operationId: 'AgreementsController_list',
    summary: 'The agreement register',
    description: 'Filter by type, status, partner, or expiring within N days.',
  })
  @ApiOkResponse({ type: AgreementPage })
  list(@Query() filters: ListAgreementsRequest): Promise<AgreementPage> {
    return this.queries.execute(new ListAgreementsQuery(filters));
  }
}
