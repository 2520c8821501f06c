import { Module } from '@nestjs/common';
import { PlatformModule } from '@accord/platform';
import { FunnelHandler, OutcomeStatsHandler } from './projects/funnel/portfolio.queries';
import { GetProjectHandler } from './projects/get-project/get-project.query';
import { ListProjectsHandler } from './projects/list-projects/list-projects.query';
import { ProjectWriter, ProposeProjectHandler, ResumeProjectHandler } from './projects/project-command.handler';
import { ProjectHistoryHandler } from './projects/project-history/project-history.query';
import { ProjectsController } from './projects/projects.controller';
import { projectService } from './service';

@Module({
  imports: [PlatformModule.forService(projectService)],
  controllers: [ProjectsController],
  providers: [
    ProjectWriter,
    ProposeProjectHandler,
    ResumeProjectHandler,
    GetProjectHandler,
    ListProjectsHandler,
    FunnelHandler,
    OutcomeStatsHandler,
    ProjectHistoryHandler,
  ],
})
export class ProjectServiceModule {}
