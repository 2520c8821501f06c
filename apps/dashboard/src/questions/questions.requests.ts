import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { OUTCOME_KINDS_V1, PARTNER_STATUSES_V1, PARTNER_TYPES_V1 } from '@accord/contracts';
import { IsCalendarDate } from '@accord/platform';

/** Given alone: a year is a period of its own, and cannot be narrowed or widened by from/to. */
function NotWith(...others: string[]): PropertyDecorator {
  return ValidateBy({
    name: 'notWith',
    constraints: others,
    validator: {
      validate: (_value, args) => others.every((other) => (args?.object as Record<string, unknown>)[other] == null),
      defaultMessage: (args) => `${args?.property} cannot be combined with ${others.join(' or ')}`,
    },
  });
}

/** `to` on or after `from` (both YYYY-MM-DD, so they compare as text). */
function NotBefore(other: string): PropertyDecorator {
  return ValidateBy({
    name: 'notBefore',
    constraints: [other],
    validator: {
      validate: (value, args) => {
        const start = (args?.object as Record<string, unknown>)[other];
        return typeof start !== 'string' || typeof value !== 'string' || value >= start;
      },
      defaultMessage: (args) => `${args?.property} must not be before ${other}`,
    },
  });
}

const days = (description: string, fallback?: number, minimum = 0) =>
  ApiPropertyOptional({ description, default: fallback, minimum, maximum: 36500 });

/** A period of business dates: a calendar year, or from and/or to (inclusive). */
export class PeriodRequest {
  @ApiPropertyOptional({ example: 2025, description: 'A calendar year; not with from or to' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2999)
  @NotWith('from', 'to')
  year?: number;

  @ApiPropertyOptional({ example: '2025-01-01', description: 'First day (YYYY-MM-DD), inclusive' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2025-06-30', description: 'Last day (YYYY-MM-DD), inclusive' })
  @IsOptional()
  @IsCalendarDate()
  @NotBefore('from')
  to?: string;
}

export class ExpiringAgreementsRequest {
  @days('Signed or active agreements whose expiry date is at most this many days away', 90)
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(36500)
  withinDays?: number;
}

export class IpOutcomesRequest extends PeriodRequest {
  @ApiPropertyOptional({ enum: PARTNER_TYPES_V1, example: 'university' })
  @IsOptional()
  @IsIn(PARTNER_TYPES_V1)
  partnerType?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @ApiPropertyOptional({ enum: OUTCOME_KINDS_V1, example: 'patent_filed' })
  @IsOptional()
  @IsIn(OUTCOME_KINDS_V1)
  kind?: string;
}

/** Without year, from or to: this calendar year. */
export class FunnelRequest extends PeriodRequest {}

export class ProjectsAtRiskRequest {
  @days('Agreements that end (expiry date) at most this many days away put their projects at risk', 90)
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(36500)
  endingWithinDays?: number;

  @ApiPropertyOptional({ default: false, description: 'Only projects flagged for an agreement that ended' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  flaggedOnly?: boolean;
}

export class DormantPartnersRequest {
  @days('Partners with no act for this many days or more, or none at all', undefined, 1)
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(36500)
  inactiveForDays?: number;

  @ApiPropertyOptional({ enum: PARTNER_STATUSES_V1 })
  @IsOptional()
  @IsIn(PARTNER_STATUSES_V1)
  status?: string;

  @ApiPropertyOptional({ enum: PARTNER_TYPES_V1 })
  @IsOptional()
  @IsIn(PARTNER_TYPES_V1)
  type?: string;
}

export class TechnologyAreaPartnersRequest {
  @ApiProperty({ example: 'quantum-cryptography', description: 'A technology area tag, in any case' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  area!: string;
}
