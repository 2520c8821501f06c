import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { normaliseTechnologyAreas } from '@accord/contracts';
import type { CommandContext } from '@accord/event-store';
import {
  Clock,
  Context,
  CurrentUser,
  HistoryEntry,
  IdempotentCreate,
  IF_MATCH_HEADER,
  IdempotentCreates,
  ProblemException,
  TimeAxesRequest,
  created,
  Roles,
  hasRole,
  type AuthenticatedUser,
  Write,
  WriteResult,
  setVersion,
  uuid,
  type WriteRequest,
} from '@accord/platform';
import { AgreementWriter } from './agreement-command.handler';
import { AgreementHistoryQuery } from './agreement-history/agreement-history.query';
import { AmendAgreementRequest } from './amend-agreement/amend-agreement.request';
import { Deadlines, DeadlinesQuery } from './deadlines/deadlines.query';
import { DraftAgreementCommand, ReviseTermsCommand, normaliseFunding } from './draft-agreement/draft-agreement.handler';
import { COMPANY, agreementStream, type AmendableTerms } from './agreement';
import { DraftAgreementRequest } from './draft-agreement/draft-agreement.request';
import { AgreementView } from './get-agreement/agreement.view';
import { GetAgreementQuery } from './get-agreement/get-agreement.query';
import { AgreementPage, ListAgreementsQuery } from './list-agreements/list-agreements.query';
import { ListAgreementsRequest } from './list-agreements/list-agreements.request';
import { AddObligationRequest, MeetObligationRequest, WaiveObligationRequest } from './obligations/obligation.requests';
import { RenewAgreementRequest } from './renew-agreement/renew-agreement.request';
import { ReviseTermsRequest } from './revise-terms/revise-terms.request';
import {
  ApproveAgreementRequest,
  SignAgreementRequest,
  StartNegotiationRequest,
  SubmitForReviewRequest,
} from './sign-agreement/sign-agreement.request';
import { TerminateAgreementRequest } from './terminate-agreement/terminate-agreement.request';

function requireLegal(user: AuthenticatedUser, detail: string): void {
  if (!hasRole(user, ['legal'])) {
    throw new ProblemException({
      status: 403,
      title: 'Forbidden',
      code: 'forbidden',
      detail,
      requiredRoles: ['legal'],
    });
  }
}

class ObligationWriteResult extends WriteResult {
  @ApiProperty({ format: 'uuid' }) obligationId!: string;
}

class DeadlinesRequest {
  @ApiPropertyOptional({ default: 90 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  withinDays?: number;
}

/**
 * Every route of the agreement aggregate: drafting and negotiation, review and approval, signature by
 * each party, amendments, renewal, termination, obligations, and the register and deadlines views.
 */
@ApiTags('agreements')
@Controller('agreements')
export class AgreementsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly agreements: AgreementWriter,
    private readonly clock: Clock,
    private readonly creates: IdempotentCreates,
  ) {}

  @Post()
  @Roles('alliance_manager')
  @ApiOperation({
    summary: 'Draft an agreement, or log one already signed',
    description:
      'Parties must be partners this service knows of (from the partner topic) and not archived: otherwise 422 naming them. ' +
      'With `execution` (the approval date and every party’s signature with its date), an agreement signed in the past is ' +
      'logged in one request: its status follows its dates (active, or expired if its expiry has passed), and ' +
      '`partnership.established` carries the day the last party signed as `executedOn`.',
  })
  @IdempotentCreate()
  @ApiCreatedResponse({ type: WriteResult })
  async draft(
    @Body() request: DraftAgreementRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Context() context: CommandContext,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) response: Response,
  ) {
    // Logging a signed agreement records legal's approval and the company's signature.
    if (request.execution) requireLegal(user, 'Only legal records an approval and the company’s signature');
    const outcome = await this.creates.create(
      { key, scope: 'POST /agreements', context, body: request, stream: agreementStream },
      (agreementId) => this.commands.execute(new DraftAgreementCommand(agreementId, request, context)),
    );
    return created(response, `/agreements/${outcome.result.id}`, outcome);
  }

  @Get()
  @ApiOperation({
    summary: 'The agreement register',
    description: 'Filter by type, status, partner, or expiring within N days.',
  })
  @ApiOkResponse({ type: AgreementPage })
  list(@Query() filters: ListAgreementsRequest): Promise<AgreementPage> {
    return this.queries.execute(new ListAgreementsQuery(filters));
  }

  @Get('deadlines')
  @ApiOperation({ summary: 'Agreements expiring soon and overdue obligations, for dashboards' })
  @ApiOkResponse({ type: Deadlines })
  deadlines(@Query() { withinDays }: DeadlinesRequest): Promise<Deadlines> {
    return this.queries.execute(new DeadlinesQuery(withinDays ?? 90));
  }

  @Get(':id')
  @ApiOperation({
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
    @Res({ passthrough: true }) response: Response,
  ) {
    const view = await this.queries.execute(new GetAgreementQuery(id, asOf ? new Date(asOf) : undefined, validOn));
    setVersion(response, view.version);
    return view;
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Who did what to this agreement, and when' })
  @ApiOkResponse({ type: [HistoryEntry] })
  history(@Param('id', uuid('id')) id: string): Promise<HistoryEntry[]> {
    return this.queries.execute(new AgreementHistoryQuery(id));
  }

  @Patch(':id')
  @Roles('alliance_manager')
  @ApiOperation({ summary: 'Revise the terms of a draft or an agreement in negotiation' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async revise(@Param('id', uuid('id')) id: string, @Body() request: ReviseTermsRequest, @Write() write: WriteRequest) {
    return write.answer(
      await this.commands.execute(new ReviseTermsCommand(id, request, write.context, write.expectedVersion)),
    );
  }

  @Post(':id/start-negotiation')
  @Roles('alliance_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Draft → in negotiation' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async startNegotiation(
    @Param('id', uuid('id')) id: string,
    @Body() { startedOn }: StartNegotiationRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = { type: 'StartNegotiation', startedOn: startedOn ?? today, today } as const;
    return write.answer(await this.agreements.write(id, command, write));
  }

  @Post(':id/submit-for-review')
  @Roles('alliance_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send to legal and IP review' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async submitForReview(
    @Param('id', uuid('id')) id: string,
    @Body() { submittedOn }: SubmitForReviewRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = { type: 'SubmitForReview', submittedOn: submittedOn ?? today, today } as const;
    return write.answer(await this.agreements.write(id, command, write));
  }

  @Post(':id/approve')
  @Roles('legal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve after review: the agreement can be signed' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async approve(
    @Param('id', uuid('id')) id: string,
    @Body() { approvedOn }: ApproveAgreementRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const approvedBy = write.context.actor;
    const command = { type: 'Approve', approvedBy, approvedOn: approvedOn ?? today, today } as const;
    return write.answer(await this.agreements.write(id, command, write));
  }

  @Post(':id/sign')
  @Roles('alliance_manager', 'legal')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record one party’s signature',
    description:
      'When every party (and `company`) has signed, the agreement is fully executed, `partnership.established` is published, and it becomes active if its effective date has come.',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async sign(
    @Param('id', uuid('id')) id: string,
    @Body() { partyId, signedOn }: SignAgreementRequest,
    @CurrentUser() user: AuthenticatedUser,
    @Write() write: WriteRequest,
  ) {
    // Alliance managers record a partner's signature as it comes in; our own is legal's to give.
    if (partyId.toLowerCase() === COMPANY) requireLegal(user, 'Only legal signs on behalf of the company');
    const today = this.clock.today();
    const command = { type: 'Sign', partyId: partyId.toLowerCase(), signedOn: signedOn ?? today, today } as const;
    return write.answer(await this.agreements.write(id, command, write));
  }

  @Post(':id/amend')
  @Roles('alliance_manager', 'legal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Amend a signed agreement (numbered amendments)' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async amend(
    @Param('id', uuid('id')) id: string,
    @Body() { summary, changes, effectiveOn }: AmendAgreementRequest,
    @Write() write: WriteRequest,
  ) {
    const { funding, technologyAreas, ...rest } = changes;
    const defined: AmendableTerms = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
    if (technologyAreas) defined.technologyAreas = normaliseTechnologyAreas(technologyAreas);
    if (funding) defined.funding = normaliseFunding(funding);
    const today = this.clock.today();
    const command = { type: 'Amend', summary, changes: defined, effectiveOn: effectiveOn ?? today, today } as const;
    return write.answer(await this.agreements.write(id, command, write));
  }

  @Post(':id/renew')
  @Roles('alliance_manager', 'legal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Renew: extend the same agreement to a later expiry date' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async renew(
    @Param('id', uuid('id')) id: string,
    @Body() { newExpiryDate, renewedOn }: RenewAgreementRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = { type: 'Renew', newExpiryDate, renewedOn: renewedOn ?? today, today } as const;
    return write.answer(await this.agreements.write(id, command, write));
  }

  @Post(':id/terminate')
  @Roles('legal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Terminate, with a reason' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async terminate(
    @Param('id', uuid('id')) id: string,
    @Body() { reason, effectiveOn }: TerminateAgreementRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = { type: 'Terminate', reason, terminatedOn: effectiveOn ?? today, today } as const;
    return write.answer(await this.agreements.write(id, command, write));
  }

  @Post(':id/obligations')
  @Roles('alliance_manager', 'legal')
  @ApiOperation({ summary: 'Add an obligation with a due date' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiCreatedResponse({ type: ObligationWriteResult })
  async addObligation(
    @Param('id', uuid('id')) id: string,
    @Body() request: AddObligationRequest,
    @Write() write: WriteRequest,
  ) {
    const obligationId = randomUUID();
    const result = await this.agreements.write(id, { type: 'AddObligation', obligationId, ...request }, write);
    return write.answer({ ...result, obligationId });
  }

  @Post(':id/obligations/:obligationId/meet')
  @Roles('alliance_manager', 'legal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark an obligation met' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async meetObligation(
    @Param('id', uuid('id')) id: string,
    @Param('obligationId', uuid('obligationId')) obligationId: string,
    @Body() { metOn }: MeetObligationRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = { type: 'MeetObligation', obligationId, metOn: metOn ?? today, today } as const;
    return write.answer(await this.agreements.write(id, command, write));
  }

  @Post(':id/obligations/:obligationId/waive')
  @Roles('alliance_manager', 'legal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Waive an obligation, with a reason' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async waiveObligation(
    @Param('id', uuid('id')) id: string,
    @Param('obligationId', uuid('obligationId')) obligationId: string,
    @Body() { reason, waivedOn }: WaiveObligationRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = { type: 'WaiveObligation', obligationId, reason, waivedOn: waivedOn ?? today, today } as const;
    return write.answer(await this.agreements.write(id, command, write));
  }
}
