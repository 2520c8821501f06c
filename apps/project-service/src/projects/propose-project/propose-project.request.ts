import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsObject,
  IsIn,
  IsISO4217CurrencyCode,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsAmount, IsCalendarDate } from '@accord/platform';
import { PastGateDecisionRequest } from '../gate-reviews/project-actions.requests';
import { TEAM_ROLES } from '../project';

const lowerCaseIds = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id)) : value;

export class MoneyRequest {
  @ApiProperty({ example: 250_000_000 }) @IsAmount({ min: 0, max: 1e12 }) amount!: number;
  @ApiProperty({ example: 'JPY' }) @IsISO4217CurrencyCode() currency!: string;
}

export class TeamMemberRequest {
  @ApiProperty({ example: 'emp-10442', description: 'An employee or partner-staff reference, not a name' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  memberRef!: string;

  @ApiProperty({ enum: TEAM_ROLES, example: 'researcher' }) @IsIn(TEAM_ROLES) role!: (typeof TEAM_ROLES)[number];
  @ApiProperty({ enum: ['company', 'partner'] }) @IsIn(['company', 'partner']) organisation!: 'company' | 'partner';
}

export class ProposeProjectRequest {
  @ApiProperty({ example: 'Brain-morphic AI: low-power information processing modelled on the brain' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiProperty({
    description: 'Signed or active agreements it runs under',
    example: ['3d1c2f0e-5b1a-4c1e-9f00-1a2b3c4d5e6f'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  @Transform(lowerCaseIds)
  agreementIds!: string[];

  @ApiProperty({ description: 'Partners leading it: parties to its agreements' })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  @Transform(lowerCaseIds)
  leadPartnerIds!: string[];

  @ApiPropertyOptional({ example: ['ai', 'brain-morphic-ai'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  technologyAreas?: string[];

  @ApiProperty({ type: MoneyRequest })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyRequest)
  budget!: MoneyRequest;

  @ApiPropertyOptional({ type: [TeamMemberRequest] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => TeamMemberRequest)
  team?: TeamMemberRequest[];

  @ApiPropertyOptional({
    example: '2017-05-15',
    description: 'The day it was proposed (for a project logged after the fact); by default today. Not in the future.',
  })
  @IsOptional()
  @IsCalendarDate()
  proposedOn?: string;

  @ApiPropertyOptional({
    type: [PastGateDecisionRequest],
    description:
      'A project logged at its current stage: the gate decisions it has passed, in date order. They are recorded as if reviewed one by one (each GO advances, a KILL or HOLD closes or pauses it), in one write.',
    example: [
      {
        decision: 'go',
        decidedOn: '2017-09-29',
        gatekeepers: ['cto-office'],
        criteria: { strategicFit: 5 },
        notes: 'Strong fit with the alliance themes',
      },
      { decision: 'go', decidedOn: '2018-03-30', gatekeepers: ['cto-office'], criteria: { strategicFit: 4 } },
    ],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PastGateDecisionRequest)
  gateDecisions?: PastGateDecisionRequest[];
}
