import { randomUUID } from 'node:crypto';
import { Body, Controller, Param } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  Clock,
  IsCalendarDate,
  Write,
  WriteResult,
  WriteRoute,
  Writer,
  uuid,
  type WriteRequest,
} from '@accord/platform';
import { OUTCOME_KINDS, type OutcomeKind } from '../project';
import { projectDecider } from '../project.decide';
import type { RecordOutcome } from './record-outcome.decide';

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

class OutcomeWriteResult extends WriteResult {
  @ApiProperty({ format: 'uuid' }) outcomeId!: string;
}

@ApiTags('projects')
@Controller('projects')
export class RecordOutcomeController {
  constructor(
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  @WriteRoute('POST', ':id/outcomes', {
    roles: ['alliance_manager'],
    operationId: 'ProjectsController_recordOutcome',
    summary: 'Record an outcome',
    description:
      'invention_disclosure → patent_filed (jurisdiction, application number) → patent_granted (relatesTo the filing); publication, proof_of_concept, product_launch, standard_contribution; spin_out closes the project.',
    status: 201,
    type: OutcomeWriteResult,
  })
  async recordOutcome(
    @Param('id', uuid('id')) id: string,
    @Body() request: RecordOutcomeRequest,
    @Write() write: WriteRequest,
  ) {
    const outcomeId = randomUUID();
    const command: RecordOutcome = {
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
    return write.answer({ ...(await this.writer.write(projectDecider, id, command, write)), outcomeId });
  }
}
