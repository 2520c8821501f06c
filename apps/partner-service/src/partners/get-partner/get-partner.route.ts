import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentUser,
  TimeAxesRequest,
  seesPersonalData,
  setVersion,
  type HeaderSink,
  uuid,
  type AuthenticatedUser,
} from '@accord/platform';
import { GetPartnerQuery } from './get-partner.query';
import { PartnerView, withoutPersonalData } from './partner.view';

@ApiTags('partners')
@Controller('partners')
export class GetPartnerRoute {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiOperation({
    operationId: 'PartnersController_get',
    summary: 'A partner with its contacts: now, as recorded at a past time, or as it stood on a past day',
    description:
      '`asOf` (a timestamp) answers what Accord had recorded then; `validOn` (a date) what was true in the world that day, ' +
      'e.g. `?validOn=2019-06-01` shows a partner archived as of 2019-03-31 as archived even if the archive was logged only today. ' +
      'Both together: the acts recorded by `asOf` that had happened by `validOn`. A registration carries no date: it counts ' +
      'from its earliest dated act (a status or tier change), or from the day it was recorded; before that, 404. ' +
      'A past view has no activity, and shows contacts as the current view does (no name or e-mail once erased, nor for viewers).',
  })
  @ApiOkResponse({ type: PartnerView })
  async get(
    @Param('id', uuid('id')) id: string,
    @Query() { asOf, validOn }: TimeAxesRequest,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) response: HeaderSink,
  ) {
    const view = await this.queries.execute(new GetPartnerQuery(id, asOf ? new Date(asOf) : undefined, validOn));
    setVersion(response, view.version);
    return seesPersonalData(user) ? view : withoutPersonalData(view);
  }
}
