import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { NotFoundError, PostgresEventStore, readAsOf } from '@accord/event-store';
import { daysOfActs, happenedBy } from '../business-time';
import { contactKeys } from '../contact-vault';
import { PartnerDirectoryEntry } from '../list-partners/partner-directory.entity';
import { partnerStream } from '../partner';
import { partnerViewsProjection } from '../partner-views.projection';
import { PartnerContactView } from './partner-contact.entity';
import { toView, type PartnerActivityView, type PartnerView } from './partner.view';

/**
 * A partner now (read model), or replayed from its events: as Accord had recorded it at `asOf`
 * (recorded time), as it stood in the world on `validOn` (business time), or both.
 */
export class GetPartnerQuery extends Query<PartnerView> {
  constructor(
    readonly partnerId: string,
    readonly asOf?: Date,
    readonly validOn?: string,
  ) {
    super();
  }
}

async function readView(db: EntityManager, partnerId: string): Promise<PartnerView | null> {
  const entry = await db.getRepository(PartnerDirectoryEntry).findOneBy({ partnerId });
  if (!entry) return null;
  const contacts = await db.getRepository(PartnerContactView).find({ where: { partnerId }, order: { addedAt: 'ASC' } });
  const shown = contacts.filter((contact) => contact.status === 'current').map((contact) => contact.contactId);
  return toView(entry, contacts, await contactKeys(db, shown));
}

async function readActivity(db: EntityManager, partnerId: string): Promise<PartnerActivityView> {
  const agreements = await db.query<{ status: string; count: number }[]>(
    'SELECT status, count(*)::int AS count FROM partner_agreements WHERE partner_id = $1 GROUP BY status',
    [partnerId],
  );
  const projects = await db.query<{ stage: string; status: string; count: number }[]>(
    'SELECT stage, status, count(*)::int AS count FROM partner_projects WHERE partner_id = $1 GROUP BY stage, status',
    [partnerId],
  );
  const [last] = await db.query<{ at: Date; what: string }[]>(
    'SELECT last_activity_at AS at, last_activity AS what FROM partner_activity WHERE partner_id = $1',
    [partnerId],
  );
  const open = projects.filter((p) => p.status === 'active' || p.status === 'on_hold');
  const byStage: Record<string, number> = {};
  for (const p of open) byStage[p.stage] = (byStage[p.stage] ?? 0) + p.count;
  return {
    agreements: {
      total: agreements.reduce((n, a) => n + a.count, 0),
      byStatus: Object.fromEntries(agreements.map((a) => [a.status, a.count])),
    },
    projects: {
      total: projects.reduce((n, p) => n + p.count, 0),
      byStage,
      closed: projects.filter((p) => !open.includes(p)).reduce((n, p) => n + p.count, 0),
    },
    lastActivityAt: last?.at.toISOString() ?? null,
    lastActivity: last?.what ?? null,
  };
}

@QueryHandler(GetPartnerQuery)
export class GetPartnerHandler implements IQueryHandler<GetPartnerQuery> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ partnerId, asOf, validOn }: GetPartnerQuery): Promise<PartnerView> {
    let view: PartnerView | null;
    if (asOf || validOn) {
      // The replay reads contacts' names through the same key store as the read model: an erased
      // contact's key is gone, so a past view shows it without name or e-mail, as `asOf` always has.
      // Activity (from other services' messages) is not replayed: null, as for `asOf`.
      const recorded = await this.store.readStream(partnerStream(partnerId), asOf ? { time: asOf } : {});
      const events = validOn ? happenedBy(recorded, validOn) : recorded;
      view =
        events.length === 0
          ? null
          : await readAsOf(this.store, partnerViewsProjection, events, (tx) => readView(tx, partnerId));
      // A prospect's status began with its registration, which the projection dates by the day it
      // was recorded: on a past day, the day it is taken to have happened is the one that holds.
      if (view && validOn && view.statusSince > validOn) view.statusSince = daysOfActs(recorded)[0];
    } else {
      view = await readView(this.store.dataSource.manager, partnerId);
      if (view) view.activity = await readActivity(this.store.dataSource.manager, partnerId);
    }
    if (!view) {
      throw new NotFoundError(
        'partner_not_found',
        `no partner ${partnerId}${validOn ? ` on ${validOn}` : ''}${asOf ? ` recorded by ${asOf.toISOString()}` : ''}`,
      );
    }
    return view;
  }
}
