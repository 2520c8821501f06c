import { ApiProperty } from '@nestjs/swagger';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFoundError, PostgresEventStore } from '@accord/event-store';
import { contactKey, unseal } from '../contact-vault';
import { partnerStream, type PartnerEvent } from '../partner';
import type { StoredEvent } from '@accord/event-store';

export class HistoryEntry {
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ example: 'ContactAdded' }) type!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ example: 'user:ada' }) actor!: string;
  @ApiProperty() correlationId!: string;
  @ApiProperty({ description: "The event's data; an erased contact's name and e-mail read as null" })
  data!: Record<string, unknown>;
}

export class PartnerHistoryQuery extends Query<HistoryEntry[]> {
  constructor(readonly partnerId: string) {
    super();
  }
}

/** Who did what, when: the partner's events, oldest first, personal data opened while it may be. */
@QueryHandler(PartnerHistoryQuery)
export class PartnerHistoryHandler implements IQueryHandler<PartnerHistoryQuery> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ partnerId }: PartnerHistoryQuery): Promise<HistoryEntry[]> {
    const events = (await this.store.readStream(partnerStream(partnerId))) as StoredEvent<PartnerEvent>[];
    if (events.length === 0) throw new NotFoundError('partner_not_found', `no partner ${partnerId}`);
    const keys = new Map<string, Buffer | null>();
    const open = async (contactId: string, sealed: string | undefined) => {
      if (sealed === undefined) return undefined;
      if (!keys.has(contactId)) keys.set(contactId, await contactKey(this.store.dataSource.manager, contactId));
      return unseal(keys.get(contactId) ?? null, sealed);
    };
    return Promise.all(
      events.map(async (event) => {
        let data: Record<string, unknown> = { ...event.data };
        if (event.type === 'ContactAdded') {
          data = {
            ...data,
            name: await open(event.data.contactId, event.data.name),
            email: await open(event.data.contactId, event.data.email),
          };
        } else if (event.type === 'ContactUpdated') {
          const { name, email, ...rest } = event.data.changes;
          const opened = { ...rest } as Record<string, unknown>;
          if (name !== undefined) opened.name = await open(event.data.contactId, name);
          if (email !== undefined) opened.email = await open(event.data.contactId, email);
          data = { ...data, changes: opened };
        }
        return {
          version: event.streamVersion,
          type: event.type,
          occurredAt: event.metadata.occurredAt,
          actor: event.metadata.actor,
          correlationId: event.metadata.correlationId,
          data,
        };
      }),
    );
  }
}
