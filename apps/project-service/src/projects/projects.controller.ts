import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@accord/event-store';
import {
  Clock,
  Context,
  HistoryEntry,
  IdempotentCreate,
  IF_MATCH_HEADER,
  IdempotentCreates,
  Roles,
  TimeAxesRequest,
  Write,
  WriteResult,
  created,
  setVersion,
  uuid,
  type WriteRequest,
} from '@accord/platform';
import { Funnel, FunnelQuery, OutcomeStats, OutcomeStatsQuery } from './funnel/portfolio.queries';
import {
  CommitBudgetRequest,
  CompleteMilestoneRequest,
  GateReviewRequest,
  PlanMilestoneRequest,
  RecordOutcomeRequest,
  RecordSpendRequest,
  ResumeProjectRequest,
} from './gate-reviews/project-actions.requests';
import { GetProjectQuery } from './get-project/get-project.query';
import { ProjectView } from './get-project/project.view';
import { ListProjectsQuery, ListProjectsRequest, ProjectPage } from './list-projects/list-projects.query';
import { ProjectWriter, ProposeProjectCommand, ResumeProjectCommand } from './project-command.handler';
import type { ProjectCommand } from './project.decide';
import { projectStream } from './project';
import { ProjectHistoryQuery } from './project-history/project-history.query';
import { ProposeProjectRequest } from './propose-project/propose-project.request';

/** Every route of the project aggregate, and the portfolio views (funnel, outcomes). */
@ApiTags('projects')
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly projects: ProjectWriter,
    private readonly clock: Clock,
    private readonly creates: IdempotentCreates,
  ) {}

  @Post()
  @Roles('alliance_manager')
  @ApiOperation({
    summary: 'Propose a project under signed or active agreements, or log one with its past gate decisions',
    description:
      'Starts in Generate on `proposedOn` (by default today). With `gateDecisions`, the project is logged at the stage those decisions took it to, in one write; any refused decision refuses the whole request (422 naming `gateDecisions.<i>`). An agreement this service does not know as signed or active is a 422 naming it. Dates: 422 `date_in_future`, `before_proposed`, `before_previous_decision`.',
  })
  @IdempotentCreate()
  @ApiCreatedResponse({ type: WriteResult })
  async propose(
    @Body() request: ProposeProjectRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.creates.create(
      { key, scope: 'POST /projects', context, body: request, stream: projectStream },
      (projectId) => this.commands.execute(new ProposeProjectCommand(projectId, request, context)),
    );
    return created(response, `/projects/${outcome.result.id}`, outcome);
  }

  @Get()
  @ApiOperation({
    summary: 'Find projects by stage, status, partner, agreement or technology area, or those live on a day',
    description:
      '`liveOn` (a date) keeps the projects proposed by that day and not closed (completed, killed, spun out) by it; ' +
      'stage and status filter the projects as they stand now.',
  })
  @ApiOkResponse({ type: ProjectPage })
  list(@Query() filters: ListProjectsRequest): Promise<ProjectPage> {
    return this.queries.execute(new ListProjectsQuery(filters));
  }

  @Get('funnel')
  @ApiOperation({
    summary: 'The pipeline: projects and budget by stage, conversion between gates, decisions over time',
  })
  @ApiOkResponse({ type: Funnel })
  funnel(): Promise<Funnel> {
    return this.queries.execute(new FunnelQuery());
  }

  @Get('outcomes')
  @ApiOperation({ summary: 'Outcomes (patents, publications, launches, spin-outs) per partner and per year' })
  @ApiOkResponse({ type: OutcomeStats })
  outcomes(): Promise<OutcomeStats> {
    return this.queries.execute(new OutcomeStatsQuery());
  }

  @Get(':id')
  @ApiOperation({
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
    @Res({ passthrough: true }) response: Response,
  ) {
    const view = await this.queries.execute(new GetProjectQuery(id, asOf ? new Date(asOf) : undefined, validOn));
    setVersion(response, view.version);
    return view;
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Who did what to this project, and when' })
  @ApiOkResponse({ type: [HistoryEntry] })
  history(@Param('id', uuid('id')) id: string): Promise<HistoryEntry[]> {
    return this.queries.execute(new ProjectHistoryQuery(id));
  }

  @Post(':id/gate-reviews')
  @Roles('alliance_manager')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record a gate review',
    description:
      'GO advances (at Launch it completes), KILL closes, HOLD pauses, RECYCLE stays in the stage. `decidedOn` (by default today) dates the decision and its effect: in the future is 422 `date_in_future`, before the proposal 422 `before_proposed`, before the previous gate decision 422 `before_previous_decision`.',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async gateReview(
    @Param('id', uuid('id')) id: string,
    @Body() request: GateReviewRequest,
    @Write() write: WriteRequest,
  ) {
    const { decision, gatekeepers, criteria, notes = null, decidedOn } = request;
    const today = this.clock.today();
    const command = { type: 'RecordGateDecision', decision, gatekeepers, criteria, notes, decidedOn, today } as const;
    return write.answer(await this.projects.write(id, command, write));
  }

  @Post(':id/resume')
  @Roles('alliance_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a project on hold (a valid agreement must cover it)' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async resume(
    @Param('id', uuid('id')) id: string,
    @Body() { resumedOn }: ResumeProjectRequest,
    @Write() write: WriteRequest,
  ) {
    return write.answer(
      await this.commands.execute(new ResumeProjectCommand(id, resumedOn, write.context, write.expectedVersion)),
    );
  }

  @Post(':id/milestones')
  @Roles('alliance_manager')
  @ApiOperation({ summary: 'Plan a milestone' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiCreatedResponse({ type: WriteResult })
  async planMilestone(
    @Param('id', uuid('id')) id: string,
    @Body() { name, plannedDate }: PlanMilestoneRequest,
    @Write() write: WriteRequest,
  ) {
    const milestoneId = randomUUID();
    const result = await this.projects.write(id, { type: 'PlanMilestone', milestoneId, name, plannedDate }, write);
    return write.answer({ ...result, milestoneId });
  }

  @Post(':id/milestones/:milestoneId/complete')
  @Roles('alliance_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete a milestone, with its evidence' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async completeMilestone(
    @Param('id', uuid('id')) id: string,
    @Param('milestoneId', uuid('milestoneId')) milestoneId: string,
    @Body() { actualDate, evidence }: CompleteMilestoneRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = { type: 'CompleteMilestone', milestoneId, actualDate, evidence: evidence ?? null, today } as const;
    return write.answer(await this.projects.write(id, command, write));
  }

  @Post(':id/budget')
  @Roles('alliance_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Commit more budget' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async commitBudget(
    @Param('id', uuid('id')) id: string,
    @Body() { amount, currency, committedOn }: CommitBudgetRequest,
    @Write() write: WriteRequest,
  ) {
    const command = { type: 'CommitBudget', amount, currency, committedOn, today: this.clock.today() } as const;
    return write.answer(await this.projects.write(id, command, write));
  }

  @Post(':id/spend')
  @Roles('alliance_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record spend against the budget (past the budget is allowed, and flagged)' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async recordSpend(
    @Param('id', uuid('id')) id: string,
    @Body() { amount, currency, description, spentOn }: RecordSpendRequest,
    @Write() write: WriteRequest,
  ) {
    const command = { type: 'RecordSpend', amount, currency, description, spentOn, today: this.clock.today() } as const;
    return write.answer(await this.projects.write(id, command, write));
  }

  @Post(':id/outcomes')
  @Roles('alliance_manager')
  @ApiOperation({
    summary: 'Record an outcome',
    description:
      'invention_disclosure → patent_filed (jurisdiction, application number) → patent_granted (relatesTo the filing); publication, proof_of_concept, product_launch, standard_contribution; spin_out closes the project.',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiCreatedResponse({ type: WriteResult })
  async recordOutcome(
    @Param('id', uuid('id')) id: string,
    @Body() request: RecordOutcomeRequest,
    @Write() write: WriteRequest,
  ) {
    const outcomeId = randomUUID();
    const command: ProjectCommand = {
      type: 'RecordOutcome',
      outcomeId,
      kind: request.kind,
      title: request.title,
      occurredOn: request.occurredOn,
      partnerIds: request.partnerIds ?? [],
      patent: request.patent ?? null,
      relatesTo: request.relatesTo?.toLowerCase() ?? null,
      spinOutCompany: request.spinOutCompany ?? null,
      today: this.clock.today(),
    };
    return write.answer({ ...(await this.projects.write(id, command, write)), outcomeId });
  }
}
