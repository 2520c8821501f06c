import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  Clock,
  IF_MATCH_HEADER,
  IsCalendarDate,
  Roles,
  Write,
  WriteResult,
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

@ApiTags('projects')
@Controller('projects')
export class MilestonesController {
  constructor(
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  @Post(':id/milestones')
  @Roles('alliance_manager')
  @ApiOperation({ operationId: 'ProjectsController_planMilestone', summary: 'Plan a milestone' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiCreatedResponse({ type: WriteResult })
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

  @Post(':id/milestones/:milestoneId/complete')
  @Roles('alliance_manager')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'ProjectsController_completeMilestone',
    summary: 'Complete a milestone, with its evidence',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
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
