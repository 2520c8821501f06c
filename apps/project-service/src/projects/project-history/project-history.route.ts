import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HistoryEntry, uuid } from '@accord/platform';
import { ProjectHistoryQuery } from './project-history.query';

@ApiTags('projects')
@Controller('projects')
export class ProjectHistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/history')
  @ApiOperation({ operationId: 'ProjectsController_history', summary: 'Who did what to this project, and when' })
  @ApiOkResponse({ type: [HistoryEntry] })
  history(@Param('id', uuid('id')) id: string): Promise<HistoryEntry[]> {
    return this.queries.execute(new ProjectHistoryQuery(id));
  }
}
