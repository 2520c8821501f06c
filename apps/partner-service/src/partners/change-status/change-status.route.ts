import { Body, Controller, Param } from '@nestjs/common';
import { ApiBody, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Clock, IsCalendarDate, Write, WriteRoute, Writer, uuid, type WriteRequest } from '@accord/platform';
import { partnerWrites } from '../partner.writes';

/*
 * The bodies of archive, restore and mark-dormant. Each status change happened on a business date
 * the alliance manager may give (often years back, from a spreadsheet); left out, it is today.
 */

class ReasonRequest {
  @ApiPropertyOptional({ example: 'Alliance concluded after the 2025 review' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ArchivePartnerRequest extends ReasonRequest {
  @ApiPropertyOptional({
    example: '2019-03-31',
    description: 'The day the partner was archived (YYYY-MM-DD; default today), not in the future',
  })
  @IsOptional()
  @IsCalendarDate()
  archivedOn?: string;
}

export class MarkPartnerDormantRequest extends ReasonRequest {
  @ApiPropertyOptional({
    example: '2024-04-01',
    description: 'The day the partner became dormant (YYYY-MM-DD; default today), not in the future',
  })
  @IsOptional()
  @IsCalendarDate()
  markedDormantOn?: string;
}

export class RestorePartnerRequest {
  @ApiPropertyOptional({
    example: '2021-10-01',
    description:
      'The day the partner was restored (YYYY-MM-DD; default today), not in the future nor before the day it was archived',
  })
  @IsOptional()
  @IsCalendarDate()
  restoredOn?: string;
}

/** Archive, restore and mark dormant. (Activation is a reaction to a partnership: see reactions/.) */
@ApiTags('partners')
@Controller('partners')
export class ChangeStatusRoutes {
  constructor(
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  @WriteRoute('POST', ':id/archive', {
    roles: ['alliance_manager'],
    operationId: 'PartnersController_archive',
    summary: 'Archive a partner (it can be restored)',
    description: 'As of `archivedOn` (default today): a date in the future is a 422 `date_in_future`.',
  })
  @ApiBody({ type: ArchivePartnerRequest, required: false })
  async archive(
    @Param('id', uuid('id')) id: string,
    @Body() { reason, archivedOn }: ArchivePartnerRequest,
    @Write() write: WriteRequest,
  ) {
    const command = { type: 'ArchivePartner', reason: reason ?? null, archivedOn, today: this.clock.today() } as const;
    return write.answer(await this.writer.write(partnerWrites, id, command, write));
  }

  @WriteRoute('POST', ':id/restore', {
    roles: ['alliance_manager'],
    operationId: 'PartnersController_restore',
    summary: 'Restore an archived partner to the status it had',
    description:
      'As of `restoredOn` (default today): a date in the future is a 422 `date_in_future`, one before the archive a 422 `before_archived`.',
  })
  @ApiBody({ type: RestorePartnerRequest, required: false })
  async restore(
    @Param('id', uuid('id')) id: string,
    @Body() { restoredOn }: RestorePartnerRequest,
    @Write() write: WriteRequest,
  ) {
    const command = { type: 'RestorePartner', restoredOn, today: this.clock.today() } as const;
    return write.answer(await this.writer.write(partnerWrites, id, command, write));
  }

  @WriteRoute('POST', ':id/mark-dormant', {
    roles: ['alliance_manager'],
    operationId: 'PartnersController_markDormant',
    summary: 'Mark an active partner dormant (a partnership established later activates it again)',
    description: 'As of `markedDormantOn` (default today): a date in the future is a 422 `date_in_future`.',
  })
  @ApiBody({ type: MarkPartnerDormantRequest, required: false })
  async markDormant(
    @Param('id', uuid('id')) id: string,
    @Body() { reason, markedDormantOn }: MarkPartnerDormantRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = { type: 'MarkPartnerDormant', reason: reason ?? null, markedDormantOn, today } as const;
    return write.answer(await this.writer.write(partnerWrites, id, command, write));
  }
}
