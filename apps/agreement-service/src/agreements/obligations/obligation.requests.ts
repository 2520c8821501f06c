import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { OBLIGATION_KINDS, type ObligationKind } from '../agreement';
import { IsCalendarDate } from '@accord/platform';

export class AddObligationRequest {
  @ApiProperty({ enum: OBLIGATION_KINDS, example: 'report' })
  @IsIn(OBLIGATION_KINDS)
  kind!: ObligationKind;

  @ApiProperty({ example: 'Annual joint research report to both steering committees' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  description!: string;

  @ApiProperty({ example: '2027-03-31' })
  @IsCalendarDate()
  dueDate!: string;
}

export class WaiveObligationRequest {
  @ApiProperty({ example: 'Steering committee agreed to combine it with the next report' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;

  @ApiPropertyOptional({ example: '2027-03-20', description: 'The day it was waived (YYYY-MM-DD; default today)' })
  @IsOptional()
  @IsCalendarDate()
  waivedOn?: string;
}

export class MeetObligationRequest {
  @ApiPropertyOptional({ example: '2027-03-28', description: 'The day it was met (YYYY-MM-DD; default today)' })
  @IsOptional()
  @IsCalendarDate()
  metOn?: string;
}
