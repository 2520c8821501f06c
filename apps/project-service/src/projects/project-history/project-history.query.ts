import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFoundError, PostgresEventStore } from '@accord/event-store';
import { projectStream } from '../project';

export interface ProjectHistoryEntry {
  version: number;
  type: string;
  occurredAt: string;
  actor: string;
  correlationId: string;
  data: object;
}

export class ProjectHistoryQuery extends Query<ProjectHistoryEntry[]> {
  constructor(readonly projectId: string) {
    super();
  }
}

@QueryHandler(ProjectHistoryQuery)
export class ProjectHistoryHandler implements IQueryHandler<ProjectHistoryQuery> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ projectId }: ProjectHistoryQuery): Promise<ProjectHistoryEntry[]> {
    const events = await this.store.readStream(projectStream(projectId));
    if (events.length === 0) throw new NotFoundError('project_not_found', `no project ${projectId}`);
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
