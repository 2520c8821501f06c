import { ApiProperty } from '@nestjs/swagger';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PostgresEventStore } from '@accord/event-store';
import { Clock } from '@accord/platform';
import { normaliseTechnologyAreas, normalisePartnerName } from '../partner.decide';
import { PartnerSummary, toSummary } from '../get-partner/partner.view';
import { PartnerLastActivity } from '../partner-activity/partner-last-activity.entity';
import { PartnerDirectoryEntry } from './partner-directory.entity';
import type { ListPartnersRequest } from './list-partners.request';

/** A row of the list: the directory entry and when the partner last did something with us. */
export class PartnerListItem extends PartnerSummary {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2016-09-05T00:00:00.000Z',
    description:
      "The business date of the partner's latest agreement or project act (at 00:00 UTC), null when none is known",
  })
  lastActivityAt!: string | null;
}

export class PartnerPage {
  @ApiProperty({ type: [PartnerListItem] }) items!: PartnerListItem[];
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 20 }) pageSize!: number;
  @ApiProperty({ example: 12 }) total!: number;
}

export class ListPartnersQuery extends Query<PartnerPage> {
  constructor(readonly filters: ListPartnersRequest) {
    super();
  }
}

const ORDER: Record<string, string> = {
  name: 'p.normalisedName',
  registeredAt: 'p.registeredAt',
  updatedAt: 'p.updatedAt',
  country: 'p.country',
  tier: 'p.tier',
  lastActivityAt: 'a.lastActivityAt',
};

const DAY_MS = 24 * 60 * 60 * 1000;

@QueryHandler(ListPartnersQuery)
export class ListPartnersHandler implements IQueryHandler<ListPartnersQuery> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ filters }: ListPartnersQuery): Promise<PartnerPage> {
    const page = filters.page ?? 1;
    const pageSize = filters.pageSize ?? 20;
    const query = this.store.dataSource
      .getRepository(PartnerDirectoryEntry)
      .createQueryBuilder('p')
      .leftJoinAndMapOne('p.lastActivity', PartnerLastActivity, 'a', 'a.partnerId = p.partnerId');
    if (filters.type) query.andWhere('p.type = :type', { type: filters.type });
    if (filters.country) query.andWhere('p.country = :country', { country: filters.country.toUpperCase() });
    if (filters.status) query.andWhere('p.status = :status', { status: filters.status });
    if (filters.technologyArea) {
      const [tag] = normaliseTechnologyAreas([filters.technologyArea]);
      query.andWhere(':tag = ANY(p.technology_areas)', { tag: tag ?? '' });
    }
    if (filters.q) {
      // Each word must appear in the normalised name: "tokyo univ" finds "University of Tokyo".
      normalisePartnerName(filters.q)
        .split(' ')
        .filter(Boolean)
        .forEach((word, i) =>
          query.andWhere(`p.normalised_name LIKE :w${i}`, { [`w${i}`]: `%${word.replace(/[%_\\]/g, '\\$&')}%` }),
        );
    }
    if (filters.inactiveForDays !== undefined) {
      // Days between business dates: an act on the cutoff day is exactly that many days ago.
      const cutoff = new Date(Date.parse(this.clock.today()) - filters.inactiveForDays * DAY_MS).toISOString();
      query.andWhere("(a.last_activity_at IS NULL OR (a.last_activity_at AT TIME ZONE 'UTC')::date <= :cutoff::date)", {
        cutoff: cutoff.slice(0, 10),
      });
    }
    const sort = filters.sort ?? 'name';
    const descending = sort.startsWith('-');
    // Sorted by last activity, a partner with none is the least active: first going up, last going down.
    query
      .orderBy(ORDER[sort.replace(/^-/, '')], descending ? 'DESC' : 'ASC', descending ? 'NULLS LAST' : 'NULLS FIRST')
      .addOrderBy('p.partnerId', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize);
    const [entries, total] = await query.getManyAndCount();
    return {
      items: entries.map((entry) => ({
        ...toSummary(entry),
        lastActivityAt: entry.lastActivity?.lastActivityAt.toISOString() ?? null,
      })),
      page,
      pageSize,
      total,
    };
  }
}
