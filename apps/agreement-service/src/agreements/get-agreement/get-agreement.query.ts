import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { NotFoundError, PostgresEventStore, readAsOf } from '@accord/event-store';
import { agreementStream } from '../agreement';
import { agreementViewsProjection } from '../agreement-views.projection';
import { happenedBy } from '../business-time';
import { AgreementRegisterEntry } from '../list-agreements/agreement-register.entity';
import { AgreementAmendmentView } from './agreement-amendment.entity';
import { AgreementObligationView } from './agreement-obligation.entity';
import { toView, type AgreementView } from './agreement.view';

/**
 * An agreement now (read model), or replayed from its events: as Accord had recorded it at `asOf`
 * (recorded time), as it stood in the world on `validOn` (business time), or both.
 */
export class GetAgreementQuery extends Query<AgreementView> {
  constructor(
    readonly agreementId: string,
    readonly asOf?: Date,
    readonly validOn?: string,
  ) {
    super();
  }
}

async function readView(db: EntityManager, agreementId: string): Promise<AgreementView | null> {
  const entry = await db.getRepository(AgreementRegisterEntry).findOneBy({ agreementId });
  if (!entry) return null;
  const obligations = await db
    .getRepository(AgreementObligationView)
    .find({ where: { agreementId }, order: { dueDate: 'ASC' } });
  const amendments = await db
    .getRepository(AgreementAmendmentView)
    .find({ where: { agreementId }, order: { amendment: 'ASC' } });
  return toView(entry, obligations, amendments);
}

@QueryHandler(GetAgreementQuery)
export class GetAgreementHandler implements IQueryHandler<GetAgreementQuery> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ agreementId, asOf, validOn }: GetAgreementQuery): Promise<AgreementView> {
    let view: AgreementView | null;
    if (asOf || validOn) {
      const recorded = await this.store.readStream(agreementStream(agreementId), asOf ? { time: asOf } : {});
      const events = validOn ? happenedBy(recorded, validOn) : recorded;
      view =
        events.length === 0
          ? null
          : await readAsOf(this.store, agreementViewsProjection, events, (tx) => readView(tx, agreementId));
    } else {
      view = await readView(this.store.dataSource.manager, agreementId);
    }
    if (!view)
      throw new NotFoundError(
        'agreement_not_found',
        `no agreement ${agreementId}${validOn ? ` in force or in preparation on ${validOn}` : ''}${asOf ? ` recorded by ${asOf.toISOString()}` : ''}`,
      );
    return view;
  }
}
