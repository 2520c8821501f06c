import { Module } from '@nestjs/common';
import { PlatformModule } from '@accord/platform';
import { AssetsController } from './assets.controller';
import { LiveUpdates, LiveUpdatesController } from './live/live-updates';
import { PortfolioController } from './portfolio/portfolio.controller';
import { PortfolioQueries } from './portfolio/portfolio.queries';
import { ReportingRole } from './reporting-role';
import { dashboardService } from './service';

@Module({
  imports: [PlatformModule.forService(dashboardService)],
  controllers: [PortfolioController, LiveUpdatesController, AssetsController],
  providers: [PortfolioQueries, LiveUpdates, ReportingRole],
})
export class DashboardModule {}
