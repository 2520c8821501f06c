import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '@accord/platform';

export class TerminateAgreementRequest {
  @ApiProperty({ example: 'Partner withdrew from the programme', description: 'Why: kept in the history' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;

  @ApiPropertyOptional({
    example: '2026-11-30',
    description: 'The day the termination took effect (YYYY-MM-DD; default today), not before the execution',
  })
  @IsOptional()
  @IsCalendarDate()
  effectiveOn?: string;
}
