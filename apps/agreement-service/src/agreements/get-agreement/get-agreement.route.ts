import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TimeAxesRequest, setVersion, uuid, type HeaderSink } from '@accord/platform';
import { AgreementView } from './agreement.view';
import { GetAgreementQuery } from './get-agreement.query';

@ApiTags('agreements')
@Controller('agreements')
export class GetAgreementController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiOperation({
    operationId: 'AgreementsController_get',
    summary:
      'An agreement with its signatures, obligations and amendments: now, as recorded at a past time, or as it stood on a past day',
    description:
      '`asOf` (a timestamp) answers what Accord had recorded then; `validOn` (a date) what was true in the world that day, ' +
      'e.g. `?validOn=2024-06-01` shows an alliance signed in 2016 as active even if it was logged only today.',
  })
  @ApiOkResponse({ type: AgreementView })
  async get(
    @Param('id', uuid('id')) id: string,
    @Query() { asOf, validOn }: TimeAxesRequest,
    @Res({ passthrough: true }) response: HeaderSink,
  ) {
    const view = await this.queries.execute(new GetAgreementQuery(id, asOf ? new Date(asOf) : undefined, validOn));
    setVersion(response, view.version);
    return view;
  }
}
