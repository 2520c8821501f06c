import { runService } from '@accord/platform';
import { DashboardModule } from './app.module';
import { dashboardService } from './service';

void runService(dashboardService, DashboardModule);
