import { Module } from '@nestjs/common';
import { PlatformModule } from '@accord/platform';
import { projectService } from './service';

@Module({
  imports: [PlatformModule.forService(projectService)],
})
export class ProjectServiceModule {}
