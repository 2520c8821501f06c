import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { stringify } from 'csv-stringify/sync';
import { uuid } from '@accord/platform';
import { PARTNER_SORTS, PortfolioQueries } from './portfolio.queries';

class FiltersRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) type?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2) country?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) stage?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() partnerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) q?: string;
  @ApiPropertyOptional({ description: 'Partners in this technology area' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  technologyArea?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) tier?: string;
  @ApiPropertyOptional({ enum: PARTNER_SORTS, description: 'Partners: a leading - sorts descending' })
  @IsOptional()
  @IsIn(PARTNER_SORTS)
  sort?: (typeof PARTNER_SORTS)[number];
}

/**
 * RFC 4180 by csv-stringify: every field quoted, arrays joined with "; ", a UTF-8 byte-order mark so
 * that Excel reads 東京大学 as such, and text a spreadsheet would run as a formula (starting with =, +,
 * -, @, a tab or a carriage return) prefixed with ' (CSV injection).
 */
function toCsv(rows: Record<string, unknown>[]): string {
  return stringify(rows, {
    header: true,
    bom: true,
    quoted: true,
    quoted_empty: true,
    escape_formulas: true,
    record_delimiter: 'windows',
    cast: {
      boolean: (value) => String(value),
      date: (value) => value.toISOString(),
      object: (value) =>
        Array.isArray(value)
          ? value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('; ')
          : JSON.stringify(value),
    },
  });
}

@ApiTags('dashboard')
@Controller('api')
export class PortfolioController {
  constructor(private readonly portfolio: PortfolioQueries) {}

  @Get('portfolio')
  @ApiOperation({ summary: 'Every figure of the portfolio dashboard' })
  summary() {
    return this.portfolio.portfolio();
  }

  @Get('partners')
  async partners(@Query() filters: FiltersRequest) {
    return { items: await this.portfolio.partners(filters) };
  }

  @Get('partners.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="partners.csv"')
  async partnersCsv(@Query() filters: FiltersRequest) {
    return toCsv(await this.portfolio.partners(filters));
  }

  @Get('agreements')
  async agreements(@Query() filters: FiltersRequest) {
    return { items: await this.portfolio.agreements(filters) };
  }

  @Get('agreements.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="agreements.csv"')
  async agreementsCsv(@Query() filters: FiltersRequest) {
    return toCsv(await this.portfolio.agreements(filters));
  }

  @Get('projects')
  async projects(@Query() filters: FiltersRequest) {
    return { items: await this.portfolio.projects(filters) };
  }

  @Get('projects.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="projects.csv"')
  async projectsCsv(@Query() filters: FiltersRequest) {
    return toCsv(await this.portfolio.projects(filters));
  }

  @Get('partners/:id/360')
  @ApiOperation({ summary: "A partner's 360° page: profile, agreements, projects, outcomes, timeline" })
  partner360(@Param('id', uuid('id')) id: string) {
    return this.portfolio.partner360(id);
  }
}
