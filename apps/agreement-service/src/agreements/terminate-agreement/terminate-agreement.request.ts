import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class TerminateAgreementRequest {
  @ApiProperty({ example: 'Partner withdrew from the programme', description: 'Why: kept in the history' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}
