import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PostgresEventStore } from '@accord/event-store';
import { streamHistory, type HistoryEntry } from '@accord/platform';
import { agreementStream } from '../agreement';

export class AgreementHistoryQuery extends Query<HistoryEntry[]> {
  constructor(readonly agreementId: string) {
    super();
  }
}

/** Who did what to the agreement, and when (the scheduler acts as `system:scheduler`). */
@QueryHandler(AgreementHistoryQuery)
export class AgreementHistoryHandler implements IQueryHandler<AgreementHistoryQuery> {
  constructor(private readonly store: PostgresEventStore) {}

  execute({ agreementId }: AgreementHistoryQuery): Promise<HistoryEntry[]> {
    return streamHistory(this.store, agreementStream(agreementId), {
      code: 'agreement_not_found',
      message: `no agreement ${agreementId}`,
    });
  }
}
