import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListProjectsQuery, ListProjectsRequest, ProjectPage } from './list-projects.query';

@ApiTags('projects')
@Controller('projects')
export class ListProjectsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    operationId: 'ProjectsController_list',
    summary: 'Find projects by stage, status, partner, agreement or technology area, or those live on a day',
    description:
      '`liveOn` (a date) keeps the projects proposed by that day and not closed (completed, killed, spun out) by it; ' +
      'stage and status filter the projects as they stand now.',
  })
  @ApiOkResponse({ type: ProjectPage })
  list(@Query() filters: ListProjectsRequest): Promise<ProjectPage> {
    return this.queries.execute(new ListProjectsQuery(filters));
  }
}
