import { ApiProperty } from '@nestjs/swagger';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFoundError, PostgresEventStore } from '@accord/event-store';
import { agreementStream } from '../agreement';

export class AgreementHistoryEntry {
  @ApiProperty({ example: 7 }) version!: number;
  @ApiProperty({ example: 'AgreementSignedByParty' }) type!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ example: 'user:ada' }) actor!: string;
  @ApiProperty() correlationId!: string;
  @ApiProperty() data!: object;
}

export class AgreementHistoryQuery extends Query<AgreementHistoryEntry[]> {
  constructor(readonly agreementId: string) {
    super();
  }
}

/** Who did what to the agreement, and when, oldest first (the scheduler acts as `system:scheduler`). */
@QueryHandler(AgreementHistoryQuery)
export class AgreementHistoryHandler implements IQueryHandler<AgreementHistoryQuery> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ agreementId }: AgreementHistoryQuery): Promise<AgreementHistoryEntry[]> {
    const events = await this.store.readStream(agreementStream(agreementId));
    if (events.length === 0) throw new NotFoundError('agreement_not_found', `no agreement ${agreementId}`);
    return events.map((event) => ({
      version: event.streamVersion,
      type: event.type,
      occurredAt: event.metadata.occurredAt,
      actor: event.metadata.actor,
      correlationId: event.metadata.correlationId,
      data: event.data,
    }));
  }
}
