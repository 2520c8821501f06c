import { Body, Controller } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsObject,
  IsIn,
  IsISO4217CurrencyCode,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { normaliseTechnologyAreas } from '@accord/contracts';
import { PostgresEventStore, type CommandContext } from '@accord/event-store';
import {
  CreateRoute,
  Clock,
  Create,
  IdempotentCreates,
  IsAmount,
  IsCalendarDate,
  Writer,
  type NewResource,
  AreTechnologyAreas,
} from '@accord/platform';
import { checkAgreements } from '../../agreements/known-agreements';
import { flagIfAgreementsEnded } from '../../reactions/agreement-ended.reaction';
import { PastGateDecisionRequest } from '../gate-reviews/gate-review.route';
import { TEAM_ROLES, projectStream } from '../project';
import { projectDecider } from '../project.decide';
import type { ProposeProject } from './propose-project.decide';

const lowerCaseIds = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id)) : value;

export class MoneyRequest {
  @ApiProperty({ example: 250_000_000 }) @IsAmount({ min: 0, max: 1e12 }) amount!: number;
  @ApiProperty({ example: 'JPY' }) @IsISO4217CurrencyCode() currency!: string;
}

export class TeamMemberRequest {
  @ApiProperty({ example: 'emp-10442', description: 'An employee or partner-staff reference, not a name' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  memberRef!: string;

  @ApiProperty({ enum: TEAM_ROLES, example: 'researcher' }) @IsIn(TEAM_ROLES) role!: (typeof TEAM_ROLES)[number];
  @ApiProperty({ enum: ['company', 'partner'] }) @IsIn(['company', 'partner']) organisation!: 'company' | 'partner';
}

export class ProposeProjectRequest {
  @ApiProperty({ example: 'Brain-morphic AI: low-power information processing modelled on the brain' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiProperty({
    description: 'Signed or active agreements it runs under',
    example: ['3d1c2f0e-5b1a-4c1e-9f00-1a2b3c4d5e6f'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  @Transform(lowerCaseIds)
  agreementIds!: string[];

  @ApiProperty({ description: 'Partners leading it: parties to its agreements' })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  @Transform(lowerCaseIds)
  leadPartnerIds!: string[];

  @ApiPropertyOptional({ example: ['ai', 'brain-morphic-ai'] })
  @AreTechnologyAreas()
  technologyAreas?: string[];

  @ApiProperty({ type: MoneyRequest })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyRequest)
  budget!: MoneyRequest;

  @ApiPropertyOptional({ type: [TeamMemberRequest] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => TeamMemberRequest)
  team?: TeamMemberRequest[];

  @ApiPropertyOptional({
    example: '2017-05-15',
    description: 'The day it was proposed (for a project logged after the fact); by default today. Not in the future.',
  })
  @IsOptional()
  @IsCalendarDate()
  proposedOn?: string;

  @ApiPropertyOptional({
    type: [PastGateDecisionRequest],
    description:
      'A project logged at its current stage: the gate decisions it has passed, in date order. They are recorded as if reviewed one by one (each GO advances, a KILL or HOLD closes or pauses it), in one write.',
    example: [
      {
        decision: 'go',
        decidedOn: '2017-09-29',
        gatekeepers: ['cto-office'],
        criteria: { strategicFit: 5 },
        notes: 'Strong fit with the alliance themes',
      },
      { decision: 'go', decidedOn: '2018-03-30', gatekeepers: ['cto-office'], criteria: { strategicFit: 4 } },
    ],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PastGateDecisionRequest)
  gateDecisions?: PastGateDecisionRequest[];
}

@ApiTags('projects')
@Controller('projects')
export class ProposeProjectController {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly writer: Writer,
    private readonly clock: Clock,
    private readonly creates: IdempotentCreates,
  ) {}

  @CreateRoute({
    roles: ['alliance_manager'],
    operationId: 'ProjectsController_propose',
    summary: 'Propose a project under signed or active agreements, or log one with its past gate decisions',
    description:
      'Starts in Generate on `proposedOn` (by default today). With `gateDecisions`, the project is logged at the stage those decisions took it to, in one write; any refused decision refuses the whole request (422 naming `gateDecisions.<i>`). An agreement this service does not know as signed or active is a 422 naming it. Dates: 422 `date_in_future`, `before_proposed`, `before_previous_decision`.',
  })
  async propose(@Body() request: ProposeProjectRequest, @Create() create: NewResource) {
    const outcome = await this.creates.create({ ...create, body: request, stream: projectStream }, (projectId) =>
      this.proposeAs(projectId, request, create.context),
    );
    return create.answer(`/projects/${outcome.result.id}`, outcome);
  }

  /**
   * Looks the agreements up in this service's copy (fed by the agreement topic), then proposes under
   * an id chosen before, so that a retried create (Idempotency-Key) lands on the same id.
   */
  private async proposeAs(projectId: string, request: ProposeProjectRequest, context: CommandContext) {
    const db = this.store.dataSource.manager;
    const { agreementIds } = request;
    const parties = await db.query<{ partner_id: string }[]>(
      'SELECT DISTINCT unnest(partner_ids) AS partner_id FROM known_agreements WHERE agreement_id = ANY($1::uuid[])',
      [agreementIds],
    );
    const command: ProposeProject = {
      type: 'ProposeProject',
      projectId,
      title: request.title,
      agreementIds,
      leadPartnerIds: request.leadPartnerIds,
      technologyAreas: normaliseTechnologyAreas(request.technologyAreas ?? []),
      budget: { amount: request.budget.amount, currency: request.budget.currency.toUpperCase() },
      team: request.team ?? [],
      proposedOn: request.proposedOn,
      today: this.clock.today(),
      agreements: await checkAgreements(db, agreementIds),
      agreementParties: parties.map((p) => p.partner_id),
      gateDecisions: request.gateDecisions?.map((past) => ({ ...past, notes: past.notes ?? null })),
    };
    const result = await this.writer.write(projectDecider, projectId, command, { context });
    // An agreement may have ended between the check above and the append (see flagIfAgreementsEnded).
    await flagIfAgreementsEnded(this.store, projectId, agreementIds, context);
    return result;
  }
}
