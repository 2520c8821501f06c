import { randomUUID } from 'node:crypto';
import { Body, Controller, Param } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
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
import { projectDecider } from '../project.decide';

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

class MilestoneWriteResult extends WriteResult {
  @ApiProperty({ format: 'uuid' }) milestoneId!: string;
}

@ApiTags('projects')
@Controller('projects')
export class MilestonesController {
  constructor(
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  @WriteRoute('POST', ':id/milestones', {
    roles: ['alliance_manager'],
    operationId: 'ProjectsController_planMilestone',
    summary: 'Plan a milestone',
    status: 201,
    type: MilestoneWriteResult,
  })
  async planMilestone(
    @Param('id', uuid('id')) id: string,
    @Body() { name, plannedDate }: PlanMilestoneRequest,
    @Write() write: WriteRequest,
  ) {
    const milestoneId = randomUUID();
    const command = { type: 'PlanMilestone', milestoneId, name, plannedDate } as const;
    const result = await this.writer.write(projectDecider, id, command, write);
    return write.answer({ ...result, milestoneId });
  }

  @WriteRoute('POST', ':id/milestones/:milestoneId/complete', {
    roles: ['alliance_manager'],
    operationId: 'ProjectsController_completeMilestone',
    summary: 'Complete a milestone, with its evidence',
  })
  async completeMilestone(
    @Param('id', uuid('id')) id: string,
    @Param('milestoneId', uuid('milestoneId')) milestoneId: string,
    @Body() { actualDate, evidence }: CompleteMilestoneRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = {
      type: 'CompleteMilestone',
      milestoneId,
      actualDate,
      evidence: evidence ?? null,
      today,
    } as const;
    return write.answer(await this.writer.write(projectDecider, id, command, write));
  }
}
