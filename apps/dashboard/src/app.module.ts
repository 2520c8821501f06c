import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { PlatformModule } from '@accord/platform';
import { LiveUpdates, LiveUpdatesController } from './live/live-updates';
import { PortfolioController } from './portfolio/portfolio.controller';
import { PortfolioQueries } from './portfolio/portfolio.queries';
import { QuestionsController } from './questions/questions.controller';
import { QuestionsQueries } from './questions/questions.queries';
import { ReportingRole } from './reporting-role';
import { ServiceProxyController } from './service-proxy/service-proxy.controller';
import { dashboardService } from './service';
import { SessionMiddleware } from './sign-in/session.middleware';
import { SignInController } from './sign-in/sign-in.controller';
import { WebSessions } from './sign-in/web-sessions';
import { WebAppMiddleware } from './web-app/web-app.middleware';

@Module({
  imports: [PlatformModule.forService(dashboardService)],
  controllers: [
    PortfolioController,
    QuestionsController,
    LiveUpdatesController,
    SignInController,
    ServiceProxyController,
  ],
  providers: [PortfolioQueries, QuestionsQueries, LiveUpdates, ReportingRole, WebSessions],
})
export class DashboardModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    const everything = { path: '{*path}', method: RequestMethod.ALL };
    // The app's files first (they need no session), then the session for everything else.
    consumer.apply(WebAppMiddleware).forRoutes(everything);
    consumer.apply(SessionMiddleware).forRoutes(everything);
  }
}
