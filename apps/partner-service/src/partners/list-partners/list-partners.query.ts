import { ApiProperty } from '@nestjs/swagger';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PostgresEventStore } from '@accord/event-store';
import { normaliseTechnologyAreas, normalisePartnerName } from '../partner.decide';
import { PartnerSummary, toSummary } from '../get-partner/partner.view';
import { PartnerDirectoryEntry } from './partner-directory.entity';
import type { ListPartnersRequest } from './list-partners.request';

export class PartnerPage {
  @ApiProperty({ type: [PartnerSummary] }) items!: PartnerSummary[];
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 20 }) pageSize!: number;
  @ApiProperty({ example: 12 }) total!: number;
}

export class ListPartnersQuery extends Query<PartnerPage> {
  constructor(readonly filters: ListPartnersRequest) {
    super();
  }
}

const ORDER: Record<string, keyof PartnerDirectoryEntry> = {
  name: 'normalisedName',
  registeredAt: 'registeredAt',
  updatedAt: 'updatedAt',
  country: 'country',
  tier: 'tier',
};

@QueryHandler(ListPartnersQuery)
export class ListPartnersHandler implements IQueryHandler<ListPartnersQuery> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ filters }: ListPartnersQuery): Promise<PartnerPage> {
    const page = filters.page ?? 1;
    const pageSize = filters.pageSize ?? 20;
    const query = this.store.dataSource.getRepository(PartnerDirectoryEntry).createQueryBuilder('p');
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
    const sort = filters.sort ?? 'name';
    const descending = sort.startsWith('-');
    query
      .orderBy(`p.${ORDER[sort.replace(/^-/, '')]}`, descending ? 'DESC' : 'ASC')
      .addOrderBy('p.partnerId', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    const [entries, total] = await query.getManyAndCount();
    return { items: entries.map(toSummary), page, pageSize, total };
  }
}
