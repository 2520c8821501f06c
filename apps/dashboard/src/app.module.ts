import { Module } from '@nestjs/common';
import { PlatformModule } from '@accord/platform';
import { AssetsController } from './assets.controller';
import { LiveUpdates, LiveUpdatesController } from './live/live-updates';
import { PortfolioController } from './portfolio/portfolio.controller';
import { PortfolioQueries } from './portfolio/portfolio.queries';
import { QuestionsController } from './questions/questions.controller';
import { QuestionsQueries } from './questions/questions.queries';
import { ReportingRole } from './reporting-role';
import { dashboardService } from './service';

@Module({
  imports: [PlatformModule.forService(dashboardService)],
  controllers: [PortfolioController, QuestionsController, LiveUpdatesController, AssetsController],
  providers: [PortfolioQueries, QuestionsQueries, LiveUpdates, ReportingRole],
})
export class DashboardModule {}
