import { Body, Controller, Param } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PostgresEventStore } from '@accord/event-store';
import { Clock, IsCalendarDate, Write, WriteRoute, Writer, uuid, type WriteRequest } from '@accord/platform';
import { checkAgreements } from '../../agreements/known-agreements';
import { holdIfNoAgreementValid } from '../../reactions/agreement-ended.reaction';
import { projectDecider } from '../project.decide';

export class ResumeProjectRequest {
  @ApiPropertyOptional({
    example: '2020-06-01',
    description: 'The day the project was resumed; by default today. Not in the future, not before it was proposed.',
  })
  @IsOptional()
  @IsCalendarDate()
  resumedOn?: string;
}

@ApiTags('projects')
@Controller('projects')
export class ResumeProjectController {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  @WriteRoute('POST', ':id/resume', {
    roles: ['alliance_manager'],
    operationId: 'ProjectsController_resume',
    summary: 'Resume a project on hold (a valid agreement must cover it)',
  })
  async resume(
    @Param('id', uuid('id')) id: string,
    @Body() { resumedOn }: ResumeProjectRequest,
    @Write() write: WriteRequest,
  ) {
    // Its agreements, looked up in this service's copy (fed by the agreement topic) before deciding.
    const db = this.store.dataSource.manager;
    const [project] = await db.query<{ agreement_ids: string[] }[]>(
      'SELECT agreement_ids FROM project_register WHERE project_id = $1',
      [id],
    );
    const agreementIds = project?.agreement_ids ?? [];
    const agreements = await checkAgreements(db, agreementIds);
    const command = { type: 'ResumeProject', agreements, resumedOn, today: this.clock.today() } as const;
    const result = await this.writer.write(projectDecider, id, command, write);
    // Its agreements may have ended between the check above and the append (see holdIfNoAgreementValid).
    await holdIfNoAgreementValid(this.store, id, agreementIds, write.context);
    return write.answer(result);
  }
}
