import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PostgresEventStore, type StoredEvent } from '@accord/event-store';
import { streamHistory, type HistoryEntry } from '@accord/platform';
import { contactKey, unseal } from '../contact-vault';
import { partnerStream, type PartnerEvent } from '../partner';

export class PartnerHistoryQuery extends Query<HistoryEntry[]> {
  constructor(
    readonly partnerId: string,
    /** false for callers whose role does not see personal data: names and e-mails read as null. */
    readonly personalData = true,
  ) {
    super();
  }
}

/** Who did what to the partner, and when; contacts' personal data opened while it may be. */
@QueryHandler(PartnerHistoryQuery)
export class PartnerHistoryHandler implements IQueryHandler<PartnerHistoryQuery> {
  constructor(private readonly store: PostgresEventStore) {}

  execute({ partnerId, personalData }: PartnerHistoryQuery): Promise<HistoryEntry[]> {
    const keys = new Map<string, Buffer | null>();
    const open = async (contactId: string, sealed: string) => {
      if (!personalData) return null;
      if (!keys.has(contactId)) keys.set(contactId, await contactKey(this.store.dataSource.manager, contactId));
      // An erased contact's key is gone: their name and e-mail read as null.
      return unseal(keys.get(contactId) ?? null, sealed);
    };
    return streamHistory(
      this.store,
      partnerStream(partnerId),
      { code: 'partner_not_found', message: `no partner ${partnerId}` },
      async (stored) => {
        const event = stored as StoredEvent<PartnerEvent>;
        if (event.type === 'ContactAdded') {
          const { contactId, name, email } = event.data;
          return { ...event.data, name: await open(contactId, name), email: await open(contactId, email) };
        }
        if (event.type === 'ContactUpdated') {
          const { name, email, ...rest } = event.data.changes;
          const changes: Record<string, unknown> = { ...rest };
          if (name !== undefined) changes.name = await open(event.data.contactId, name);
          if (email !== undefined) changes.email = await open(event.data.contactId, email);
          return { ...event.data, changes };
        }
        return event.data;
      },
    );
  }
}
