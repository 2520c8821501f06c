import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { normaliseTechnologyAreas } from '@accord/contracts';
import { IsCalendarDate } from '@accord/platform';
import { PostgresEventStore } from '@accord/event-store';
import { PROJECT_STATUSES, STAGES, type ProjectStatus, type Stage } from '../project';
import { CLOSED } from '../project.rules';
import { ProjectSummary, toSummary } from '../get-project/project.view';
import { ProjectRegisterEntry } from './project-register.entity';

export class ListProjectsRequest {
  @ApiPropertyOptional({ enum: STAGES }) @IsOptional() @IsIn(STAGES) stage?: Stage;
  @ApiPropertyOptional({ enum: PROJECT_STATUSES }) @IsOptional() @IsIn(PROJECT_STATUSES) status?: ProjectStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() partnerId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() agreementId?: string;
  @ApiPropertyOptional({ example: 'secure-computation' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  technologyArea?: string;
  @ApiPropertyOptional({
    example: '2020-06-30',
    description:
      'Projects live on this day (YYYY-MM-DD): proposed on or before it and not closed (completed, killed, spun out) on or before it',
  })
  @IsOptional()
  @IsCalendarDate()
  liveOn?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class ProjectPage {
  @ApiProperty({ type: [ProjectSummary] }) items!: ProjectSummary[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

export class ListProjectsQuery extends Query<ProjectPage> {
  constructor(readonly filters: ListProjectsRequest) {
    super();
  }
}

@QueryHandler(ListProjectsQuery)
export class ListProjectsHandler implements IQueryHandler<ListProjectsQuery> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ filters }: ListProjectsQuery): Promise<ProjectPage> {
    const page = filters.page ?? 1;
    const pageSize = filters.pageSize ?? 20;
    const query = this.store.dataSource.getRepository(ProjectRegisterEntry).createQueryBuilder('p');
    if (filters.stage) query.andWhere('p.stage = :stage', { stage: filters.stage });
    if (filters.status) query.andWhere('p.status = :status', { status: filters.status });
    if (filters.partnerId)
      query.andWhere(':partner = ANY(p.lead_partner_ids)', { partner: filters.partnerId.toLowerCase() });
    if (filters.agreementId)
      query.andWhere(':agreement = ANY(p.agreement_ids)', { agreement: filters.agreementId.toLowerCase() });
    if (filters.technologyArea) {
      query.andWhere(':tag = ANY(p.technology_areas)', {
        tag: normaliseTechnologyAreas([filters.technologyArea])[0] ?? '',
      });
    }
    if (filters.liveOn) {
      // Closing is final (the decider refuses every act that would reopen a project), so a closed
      // project's status_since is the day it closed: it was live on the days before.
      query
        .andWhere('p.proposed_on <= :liveOn', { liveOn: filters.liveOn })
        .andWhere('(p.status NOT IN (:...closed) OR p.status_since > :liveOn)', { closed: CLOSED });
    }
    query
      .orderBy('p.updatedAt', 'DESC')
      .addOrderBy('p.projectId')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    const [entries, total] = await query.getManyAndCount();
    return { items: entries.map(toSummary), page, pageSize, total };
  }
}
