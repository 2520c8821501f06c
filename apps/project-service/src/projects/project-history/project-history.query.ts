import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PostgresEventStore } from '@accord/event-store';
import { streamHistory, type HistoryEntry } from '@accord/platform';
import { projectStream } from '../project';

export class ProjectHistoryQuery extends Query<HistoryEntry[]> {
  constructor(readonly projectId: string) {
    super();
  }
}

/** Who did what to the project, and when (reactions act as `system:<reason>`). */
@QueryHandler(ProjectHistoryQuery)
export class ProjectHistoryHandler implements IQueryHandler<ProjectHistoryQuery> {
  constructor(private readonly store: PostgresEventStore) {}

  execute({ projectId }: ProjectHistoryQuery): Promise<HistoryEntry[]> {
    return streamHistory(this.store, projectStream(projectId), {
      code: 'project_not_found',
      message: `no project ${projectId}`,
    });
  }
}
