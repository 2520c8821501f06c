import { Module } from '@nestjs/common';
import { PlatformModule } from '@accord/platform';
import { BudgetController } from './projects/budget/budget.route';
import { FunnelHandler, OutcomeStatsHandler } from './projects/funnel/portfolio.queries';
import { PortfolioController } from './projects/funnel/portfolio.route';
import { GateReviewController } from './projects/gate-reviews/gate-review.route';
import { GetProjectHandler } from './projects/get-project/get-project.query';
import { GetProjectController } from './projects/get-project/get-project.route';
import { ListProjectsHandler } from './projects/list-projects/list-projects.query';
import { ListProjectsController } from './projects/list-projects/list-projects.route';
import { MilestonesController } from './projects/milestones/milestones.route';
import { ProjectHistoryHandler } from './projects/project-history/project-history.query';
import { ProjectHistoryController } from './projects/project-history/project-history.route';
import { ProposeProjectController } from './projects/propose-project/propose-project.route';
import { RecordOutcomeController } from './projects/record-outcome/record-outcome.route';
import { ResumeProjectController } from './projects/resume-project/resume-project.route';
import { projectService } from './service';

@Module({
  imports: [PlatformModule.forService(projectService)],
  /*
   * In the order the routes were written when they were one controller's, which is the OpenAPI
   * document's order. (Fastify prefers GET /projects/funnel to GET /projects/:id whatever the order.)
   * Each route keeps its old operationId (`ProjectsController_<method>`): the web client's types
   * are generated under it.
   */
  controllers: [
    ProposeProjectController,
    ListProjectsController,
    PortfolioController,
    GetProjectController,
    ProjectHistoryController,
    GateReviewController,
    ResumeProjectController,
    MilestonesController,
    BudgetController,
    RecordOutcomeController,
  ],
  providers: [GetProjectHandler, ListProjectsHandler, FunnelHandler, OutcomeStatsHandler, ProjectHistoryHandler],
})
export class ProjectServiceModule {}
