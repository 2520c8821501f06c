import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TimeAxesRequest, setVersion, uuid, type HeaderSink } from '@accord/platform';
import { GetProjectQuery } from './get-project.query';
import { ProjectView } from './project.view';

@ApiTags('projects')
@Controller('projects')
export class GetProjectController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiOperation({
    operationId: 'ProjectsController_get',
    summary:
      'A project with its gate decisions, milestones and outcomes: now, as recorded at a past time, or as it stood on a past day',
    description:
      '`asOf` (a timestamp) answers what Accord had recorded then; `validOn` (a date) what was true in the world that day, ' +
      'e.g. `?validOn=2020-01-01` shows a project proposed in 2019 at the stage its 2019 gate decisions took it to, even if they were logged only today. ' +
      'Both together: the acts recorded by `asOf` that had happened by `validOn`. Before the project was proposed, 404.',
  })
  @ApiOkResponse({ type: ProjectView })
  async get(
    @Param('id', uuid('id')) id: string,
    @Query() { asOf, validOn }: TimeAxesRequest,
    @Res({ passthrough: true }) response: HeaderSink,
  ) {
    const view = await this.queries.execute(new GetProjectQuery(id, asOf ? new Date(asOf) : undefined, validOn));
    setVersion(response, view.version);
    return view;
  }
}
