import { runService } from '@accord/platform';
import { ProjectServiceModule } from './app.module';
import { projectService } from './service';

void runService(projectService, ProjectServiceModule);
