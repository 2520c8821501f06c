import { ApiProperty } from '@nestjs/swagger';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PostgresEventStore } from '@accord/event-store';
import { Clock } from '@accord/platform';
import { addDays } from '../calendar';
import { AgreementSummary, toSummary } from '../get-agreement/agreement.view';
import { AgreementRegisterEntry } from './agreement-register.entity';
import type { ListAgreementsRequest } from './list-agreements.request';

export class AgreementPage {
  @ApiProperty({ type: [AgreementSummary] }) items!: AgreementSummary[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

export class ListAgreementsQuery extends Query<AgreementPage> {
  constructor(readonly filters: ListAgreementsRequest) {
    super();
  }
}

@QueryHandler(ListAgreementsQuery)
export class ListAgreementsHandler implements IQueryHandler<ListAgreementsQuery> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ filters }: ListAgreementsQuery): Promise<AgreementPage> {
    const page = filters.page ?? 1;
    const pageSize = filters.pageSize ?? 20;
    const query = this.store.dataSource.getRepository(AgreementRegisterEntry).createQueryBuilder('a');
    if (filters.type) query.andWhere('a.type = :type', { type: filters.type });
    if (filters.status) query.andWhere('a.status = :status', { status: filters.status });
    if (filters.partnerId) query.andWhere(':partnerId = ANY(a.party_ids)', { partnerId: filters.partnerId });
    if (filters.expiringWithinDays !== undefined) {
      const today = this.clock.today();
      query.andWhere(`a.status IN ('signed', 'active')`).andWhere('a.expiry_date BETWEEN :today AND :until', {
        today,
        until: addDays(today, filters.expiringWithinDays),
      });
    }
    if (filters.inForceOn) {
      query
        .andWhere('a.activated_on <= :day', { day: filters.inForceOn })
        .andWhere('(a.ended_on IS NULL OR a.ended_on > :day)');
    }
    const sort = filters.sort ?? '-updatedAt';
    query
      .orderBy(`a.${sort.replace(/^-/, '')}`, sort.startsWith('-') ? 'DESC' : 'ASC', 'NULLS LAST')
      .addOrderBy('a.agreementId', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    const [entries, total] = await query.getManyAndCount();
    return { items: entries.map(toSummary), page, pageSize, total };
  }
}
