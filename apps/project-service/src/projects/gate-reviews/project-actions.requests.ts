import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO4217CurrencyCode,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsAmount, IsCalendarDate, IsKeyedObject, MAX_KEY_LENGTH, type KeyedObjectRule } from '@accord/platform';
import { GATE_DECISIONS, OUTCOME_KINDS, type GateDecision, type OutcomeKind } from '../project';

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

export class ResumeProjectRequest {
  @ApiPropertyOptional({
    example: '2020-06-01',
    description: 'The day the project was resumed; by default today. Not in the future, not before it was proposed.',
  })
  @IsOptional()
  @IsCalendarDate()
  resumedOn?: string;
}

export class PlanMilestoneRequest {
  @ApiProperty({ example: 'Prototype of the brain-morphic processor' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;
  @ApiProperty({ example: '2027-03-31' }) @IsCalendarDate() plannedDate!: string;
}

export class CompleteMilestoneRequest {
  @ApiProperty({
    example: '2026-03-15',
    description: 'The day it was completed: not in the future, not before the project was proposed',
  })
  @IsCalendarDate()
  actualDate!: string;
  @ApiPropertyOptional({ example: 'Demo report, internal doc 2027-031' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidence?: string;
}

export class MoneyMovementRequest {
  @ApiProperty({ example: 12_000_000 }) @IsAmount({ min: 0.01, max: 1e12 }) amount!: number;
  @ApiProperty({ example: 'JPY' }) @IsISO4217CurrencyCode() currency!: string;
}

export class CommitBudgetRequest extends MoneyMovementRequest {
  @ApiPropertyOptional({
    example: '2020-04-01',
    description:
      'The day the budget was committed; by default today. Not in the future, not before the project was proposed.',
  })
  @IsOptional()
  @IsCalendarDate()
  committedOn?: string;
}

export class RecordSpendRequest extends MoneyMovementRequest {
  @ApiProperty({ example: 'Test chip fabrication run' }) @IsString() @IsNotEmpty() @MaxLength(500) description!: string;
  @ApiProperty({
    example: '2025-11-02',
    description: 'The day it was spent: not in the future, not before the project was proposed',
  })
  @IsCalendarDate()
  spentOn!: string;
}

export class PatentRequest {
  @ApiProperty({ example: 'JP', description: 'Patent office: a country code, EP, or WO' })
  @IsString()
  @Matches(/^[A-Z]{2}$/)
  jurisdiction!: string;
  @ApiProperty({ example: '2026-123456' }) @IsString() @IsNotEmpty() @MaxLength(50) applicationNumber!: string;
}

export class RecordOutcomeRequest {
  @ApiProperty({ enum: OUTCOME_KINDS, example: 'patent_filed' }) @IsIn(OUTCOME_KINDS) kind!: OutcomeKind;
  @ApiProperty({ example: 'Spiking neural network circuit with on-chip learning' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;
  @ApiProperty({
    example: '2025-02-10',
    description:
      'The day it happened (for a spin-out, the day of the spin-out): not in the future, not before the project was proposed',
  })
  @IsCalendarDate()
  occurredOn!: string;

  @ApiPropertyOptional({ description: 'Partners it counts for; by default the lead partners' })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id)) : value,
  )
  partnerIds?: string[];

  @ApiPropertyOptional({ type: PatentRequest, description: 'Required for patent_filed' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PatentRequest)
  patent?: PatentRequest;

  @ApiPropertyOptional({ format: 'uuid', description: 'For patent_granted: the patent_filed outcome it grants' })
  @IsOptional()
  @IsUUID()
  relatesTo?: string;

  @ApiPropertyOptional({ example: 'Brainmorph Inc.', description: 'Required for spin_out' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  spinOutCompany?: string;
}
