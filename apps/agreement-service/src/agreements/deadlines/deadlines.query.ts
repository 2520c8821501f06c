import { ApiProperty } from '@nestjs/swagger';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PostgresEventStore } from '@accord/event-store';
import { Clock } from '@accord/platform';
import { addDays, daysBetween } from '../calendar';
import { AgreementSummary, toSummary } from '../get-agreement/agreement.view';
import { AgreementRegisterEntry } from '../list-agreements/agreement-register.entity';

export class ExpiringAgreement extends AgreementSummary {
  @ApiProperty({ example: 42 }) daysLeft!: number;
}

export class OverdueObligation {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) agreementId!: string;
  @ApiProperty() agreementTitle!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() description!: string;
  @ApiProperty() dueDate!: string;
  @ApiProperty({ example: 12 }) daysOverdue!: number;
}

export class Deadlines {
  @ApiProperty({ example: '2026-11-21' }) today!: string;
  @ApiProperty({ type: [ExpiringAgreement] }) expiring!: ExpiringAgreement[];
  @ApiProperty({ type: [OverdueObligation] }) overdueObligations!: OverdueObligation[];
}

/** What needs attention soon: agreements running out, and obligations past their due date. */
export class DeadlinesQuery extends Query<Deadlines> {
  constructor(readonly withinDays: number) {
    super();
  }
}

@QueryHandler(DeadlinesQuery)
export class DeadlinesHandler implements IQueryHandler<DeadlinesQuery> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ withinDays }: DeadlinesQuery): Promise<Deadlines> {
    const today = this.clock.today();
    const expiring = await this.store.dataSource
      .getRepository(AgreementRegisterEntry)
      .createQueryBuilder('a')
      .where(`a.status IN ('signed', 'active')`)
      .andWhere('a.expiry_date BETWEEN :today AND :until', { today, until: addDays(today, withinDays) })
      .orderBy('a.expiry_date', 'ASC')
      .getMany();
    const overdue = await this.store.dataSource.query<
      {
        obligation_id: string;
        agreement_id: string;
        title: string;
        kind: string;
        description: string;
        due_date: string;
      }[]
    >(
      `SELECT o.obligation_id, o.agreement_id, a.title, o.kind, o.description, to_char(o.due_date, 'YYYY-MM-DD') AS due_date
         FROM agreement_obligations o JOIN agreement_register a USING (agreement_id)
        WHERE o.status = 'overdue' AND a.status NOT IN ('expired', 'terminated', 'superseded')
        ORDER BY o.due_date`,
    );
    return {
      today,
      expiring: expiring.map((entry) => ({ ...toSummary(entry), daysLeft: daysBetween(today, entry.expiryDate!) })),
      overdueObligations: overdue.map((o) => ({
        id: o.obligation_id,
        agreementId: o.agreement_id,
        agreementTitle: o.title,
        kind: o.kind,
        description: o.description,
        dueDate: o.due_date,
        daysOverdue: daysBetween(o.due_date, today),
      })),
    };
  }
}
