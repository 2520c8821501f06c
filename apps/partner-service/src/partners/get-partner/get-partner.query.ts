import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { NotFoundError, PostgresEventStore, readAsOf } from '@accord/event-store';
import { PartnerDirectoryEntry } from '../list-partners/partner-directory.entity';
import { partnerStream } from '../partner';
import { partnerViewsProjection } from '../partner-views.projection';
import { PartnerContactView } from './partner-contact.entity';
import { toView, type PartnerView } from './partner.view';

/** A partner now (from the read model) or as it was at `asOf` (replayed from its events). */
export class GetPartnerQuery extends Query<PartnerView> {
  constructor(
    readonly partnerId: string,
    readonly asOf?: Date,
  ) {
    super();
  }
}

async function readView(db: EntityManager, partnerId: string): Promise<PartnerView | null> {
  const entry = await db.getRepository(PartnerDirectoryEntry).findOneBy({ partnerId });
  if (!entry) return null;
  const contacts = await db.getRepository(PartnerContactView).find({ where: { partnerId }, order: { addedAt: 'ASC' } });
  return toView(entry, contacts);
}

@QueryHandler(GetPartnerQuery)
export class GetPartnerHandler implements IQueryHandler<GetPartnerQuery> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ partnerId, asOf }: GetPartnerQuery): Promise<PartnerView> {
    let view: PartnerView | null;
    if (asOf) {
      const events = await this.store.readStream(partnerStream(partnerId), { time: asOf });
      view =
        events.length === 0
          ? null
          : await readAsOf(this.store, partnerViewsProjection, events, (tx) => readView(tx, partnerId));
    } else {
      view = await readView(this.store.dataSource.manager, partnerId);
    }
    if (!view) {
      throw new NotFoundError(
        'partner_not_found',
        asOf ? `no partner ${partnerId} on ${asOf.toISOString()}` : `no partner ${partnerId}`,
      );
    }
    return view;
  }
}
