import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { IsCalendarDate } from './validation';

/** What every write answers: the resource and its new version (also sent as the ETag). */
export class WriteResult {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 3, description: 'The new version, also sent as the ETag' }) version!: number;
}

/** `?asOf=`: a resource as it was at a past moment, replayed from its events. */
export class AsOfRequest {
  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'The resource as it was at this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

/**
 * The two time axes: `asOf`, what Accord had recorded at that moment (for auditors), and `validOn`,
 * what was true in the world on that day (for alliance managers and reports). Either, or both.
 */
export class TimeAxesRequest extends AsOfRequest {
  @ApiPropertyOptional({
    example: '2024-06-01',
    description:
      'The resource as it stood in the world on this day (YYYY-MM-DD): only the acts dated on or before it, ' +
      'however late they were logged',
  })
  @IsOptional()
  @IsCalendarDate()
  validOn?: string;
}

/** The `If-Match` header as every write documents it. */
export const IF_MATCH_HEADER = {
  name: 'If-Match',
  required: false,
  description: 'The ETag (version) you last read; a stale one is answered 412 and nothing changes',
};
