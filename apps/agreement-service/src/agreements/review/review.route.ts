import { Body, Controller, Param } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { Clock, IsCalendarDate, Write, WriteRoute, Writer, uuid, type WriteRequest } from '@accord/platform';
import { agreementDecider } from '../agreement.decide';

export class StartNegotiationRequest {
  @ApiPropertyOptional({
    example: '2016-06-27',
    description: 'The day negotiation started (YYYY-MM-DD; default today)',
  })
  @IsOptional()
  @IsCalendarDate()
  startedOn?: string;
}

export class SubmitForReviewRequest {
  @ApiPropertyOptional({
    example: '2016-08-08',
    description: 'The day it went to legal and IP review (YYYY-MM-DD; default today)',
  })
  @IsOptional()
  @IsCalendarDate()
  submittedOn?: string;
}

export class ApproveAgreementRequest {
  @ApiPropertyOptional({
    example: '2016-08-26',
    description: 'The day legal approved it (YYYY-MM-DD; default today)',
  })
  @IsOptional()
  @IsCalendarDate()
  approvedOn?: string;
}

/** Negotiation, legal and IP review, and approval: the steps between a draft and its signatures. */
@ApiTags('agreements')
@Controller('agreements')
export class ReviewController {
  constructor(
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  @WriteRoute('POST', ':id/start-negotiation', {
    roles: ['alliance_manager'],
    operationId: 'AgreementsController_startNegotiation',
    summary: 'Draft → in negotiation',
  })
  async startNegotiation(
    @Param('id', uuid('id')) id: string,
    @Body() { startedOn }: StartNegotiationRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = { type: 'StartNegotiation', startedOn: startedOn ?? today, today } as const;
    return write.answer(await this.writer.write(agreementDecider, id, command, write));
  }

  @WriteRoute('POST', ':id/submit-for-review', {
    roles: ['alliance_manager'],
    operationId: 'AgreementsController_submitForReview',
    summary: 'Send to legal and IP review',
  })
  async submitForReview(
    @Param('id', uuid('id')) id: string,
    @Body() { submittedOn }: SubmitForReviewRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = { type: 'SubmitForReview', submittedOn: submittedOn ?? today, today } as const;
    return write.answer(await this.writer.write(agreementDecider, id, command, write));
  }

  @WriteRoute('POST', ':id/approve', {
    roles: ['legal'],
    operationId: 'AgreementsController_approve',
    summary: 'Approve after review: the agreement can be signed',
  })
  async approve(
    @Param('id', uuid('id')) id: string,
    @Body() { approvedOn }: ApproveAgreementRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const approvedBy = write.context.actor;
    const command = { type: 'Approve', approvedBy, approvedOn: approvedOn ?? today, today } as const;
    return write.answer(await this.writer.write(agreementDecider, id, command, write));
  }
}
