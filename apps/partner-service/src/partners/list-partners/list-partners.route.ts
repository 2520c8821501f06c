import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListPartnersQuery, PartnerPage } from './list-partners.query';
import { ListPartnersRequest } from './list-partners.request';

@ApiTags('partners')
@Controller('partners')
export class ListPartnersRoute {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    operationId: 'PartnersController_list',
    summary: 'Find partners',
    description: 'Filter, search by name, sort and page through the directory.',
  })
  @ApiOkResponse({ type: PartnerPage })
  list(@Query() filters: ListPartnersRequest): Promise<PartnerPage> {
    return this.queries.execute(new ListPartnersQuery(filters));
  }
}
