import { Body, Controller, Param } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import {
  Clock,
  IsCalendarDate,
  IsKeyedObject,
  MAX_KEY_LENGTH,
  Write,
  WriteRoute,
  Writer,
  uuid,
  type KeyedObjectRule,
  type WriteRequest,
} from '@accord/platform';
import { GATE_DECISIONS, type GateDecision } from '../project';
import { projectDecider } from '../project.decide';

/**
 * Gate criteria: criterion name → score. The names are the client's text, stored as sent, so they
 * are checked here like any field (a 400 naming `criteria`); the scores, whole numbers from 1 to 5,
 * are the decider's rule (a 400 `criteria_out_of_range` naming each criterion).
 */
const CRITERIA: KeyedObjectRule = { names: 'criterion names', minEntries: 1, maxEntries: 50 };

/** As stored and shown (a decision recorded before the names were checked may have none). */
export const CRITERIA_SCHEMA: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { type: 'integer', minimum: 1, maximum: 5 },
  example: { strategicFit: 5, technicalFeasibility: 4, marketPotential: 3 },
  description: 'Scores 1 to 5',
};

const CRITERIA_REQUEST_SCHEMA: ApiPropertyOptions = {
  ...CRITERIA_SCHEMA,
  minProperties: CRITERIA.minEntries,
  maxProperties: CRITERIA.maxEntries,
  description: `Scores 1 to 5, by criterion name: ${CRITERIA.minEntries} to ${CRITERIA.maxEntries} criteria, each named with 1 to ${MAX_KEY_LENGTH} letters, digits, spaces, \`-\`, \`_\` or \`.\` (no space at either end)`,
};

/** What a gate review decided: recorded now (GateReviewRequest) or logged as history (PastGateDecisionRequest). */
export class GateDecisionFields {
  @ApiProperty({ enum: GATE_DECISIONS, example: 'go' }) @IsIn(GATE_DECISIONS) decision!: GateDecision;

  @ApiProperty({ example: ['cto-office', 'ai-research-director'], description: 'Who decided' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  gatekeepers!: string[];

  @ApiProperty(CRITERIA_REQUEST_SCHEMA)
  @IsKeyedObject(CRITERIA)
  criteria!: Record<string, number>;

  @ApiPropertyOptional({ example: 'Prototype chip meets the power budget' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class GateReviewRequest extends GateDecisionFields {
  @ApiPropertyOptional({
    example: '2020-03-12',
    description:
      'The day the gate decided (the meeting, not the day it is typed in); by default today. Not in the future, not before the project was proposed or its previous gate decision.',
  })
  @IsOptional()
  @IsCalendarDate()
  decidedOn?: string;
}

export class PastGateDecisionRequest extends GateDecisionFields {
  @ApiProperty({ example: '2018-03-30', description: 'The day the gate decided; in date order after the one before' })
  @IsCalendarDate()
  decidedOn!: string;
}

@ApiTags('projects')
@Controller('projects')
export class GateReviewController {
  constructor(
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  @WriteRoute('POST', ':id/gate-reviews', {
    roles: ['alliance_manager'],
    operationId: 'ProjectsController_gateReview',
    summary: 'Record a gate review',
    description:
      'GO advances (at Launch it completes), KILL closes, HOLD pauses, RECYCLE stays in the stage. `decidedOn` (by default today) dates the decision and its effect: in the future is 422 `date_in_future`, before the proposal 422 `before_proposed`, before the previous gate decision 422 `before_previous_decision`.',
  })
  async gateReview(
    @Param('id', uuid('id')) id: string,
    @Body() request: GateReviewRequest,
    @Write() write: WriteRequest,
  ) {
    const { decision, gatekeepers, criteria, notes = null, decidedOn } = request;
    const today = this.clock.today();
    const command = {
      type: 'RecordGateDecision',
      decision,
      gatekeepers,
      criteria,
      notes,
      decidedOn,
      today,
    } as const;
    return write.answer(await this.writer.write(projectDecider, id, command, write));
  }
}
