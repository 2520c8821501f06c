import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { NotFoundError, PostgresEventStore, readAsOf } from '@accord/event-store';
import { happenedBy } from '../business-time';
import { ProjectRegisterEntry } from '../list-projects/project-register.entity';
import { projectStream } from '../project';
import { projectViewsProjection } from '../project-views.projection';
import { GateDecisionView, MilestoneView, OutcomeView } from './project-parts.entity';
import { toView, type ProjectView } from './project.view';

/**
 * A project now (read model), or replayed from its events: as Accord had recorded it at `asOf`
 * (recorded time), as it stood in the world on `validOn` (business time), or both.
 */
export class GetProjectQuery extends Query<ProjectView> {
  constructor(
    readonly projectId: string,
    readonly asOf?: Date,
    readonly validOn?: string,
  ) {
    super();
  }
}

async function readView(db: EntityManager, projectId: string): Promise<ProjectView | null> {
  const entry = await db.getRepository(ProjectRegisterEntry).findOneBy({ projectId });
  if (!entry) return null;
  const gates = await db.getRepository(GateDecisionView).find({ where: { projectId }, order: { version: 'ASC' } });
  const milestones = await db
    .getRepository(MilestoneView)
    .find({ where: { projectId }, order: { plannedDate: 'ASC' } });
  const outcomes = await db.getRepository(OutcomeView).find({ where: { projectId }, order: { occurredOn: 'ASC' } });
  return toView(entry, gates, milestones, outcomes);
}

@QueryHandler(GetProjectQuery)
export class GetProjectHandler implements IQueryHandler<GetProjectQuery> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ projectId, asOf, validOn }: GetProjectQuery): Promise<ProjectView> {
    let view: ProjectView | null;
    if (asOf || validOn) {
      const recorded = await this.store.readStream(projectStream(projectId), asOf ? { time: asOf } : {});
      const events = validOn ? happenedBy(recorded, validOn) : recorded;
      view =
        events.length === 0
          ? null
          : await readAsOf(this.store, projectViewsProjection, events, (tx) => readView(tx, projectId));
    } else {
      view = await readView(this.store.dataSource.manager, projectId);
    }
    if (!view)
      throw new NotFoundError(
        'project_not_found',
        `no project ${projectId}${validOn ? ` proposed by ${validOn}` : ''}${asOf ? ` recorded by ${asOf.toISOString()}` : ''}`,
      );
    return view;
  }
}
