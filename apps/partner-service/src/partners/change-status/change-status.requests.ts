import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '@accord/platform';

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
