import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '@accord/platform';

export class RenewAgreementRequest {
  @ApiProperty({ example: '2031-09-04', description: 'The new expiry date, after the current one' })
  @IsCalendarDate()
  newExpiryDate!: string;

  @ApiPropertyOptional({
    example: '2026-08-20',
    description: 'The day the renewal was agreed (YYYY-MM-DD; default today), not before the execution',
  })
  @IsOptional()
  @IsCalendarDate()
  renewedOn?: string;
}
