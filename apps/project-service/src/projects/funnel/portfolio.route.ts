import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Funnel, FunnelQuery, OutcomeStats, OutcomeStatsQuery } from './portfolio.queries';

/** The portfolio views. Registered before GET /projects/:id, which would otherwise take these paths. */
@ApiTags('projects')
@Controller('projects')
export class PortfolioController {
  constructor(private readonly queries: QueryBus) {}

  @Get('funnel')
  @ApiOperation({
    operationId: 'ProjectsController_funnel',
    summary: 'The pipeline: projects and budget by stage, conversion between gates, decisions over time',
  })
  @ApiOkResponse({ type: Funnel })
  funnel(): Promise<Funnel> {
    return this.queries.execute(new FunnelQuery());
  }

  @Get('outcomes')
  @ApiOperation({
    operationId: 'ProjectsController_outcomes',
    summary: 'Outcomes (patents, publications, launches, spin-outs) per partner and per year',
  })
  @ApiOkResponse({ type: OutcomeStats })
  outcomes(): Promise<OutcomeStats> {
    return this.queries.execute(new OutcomeStatsQuery());
  }
}
