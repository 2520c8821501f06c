import { Module } from '@nestjs/common';
import { PlatformModule } from '@accord/platform';
import { partnerService } from './service';

@Module({
  imports: [PlatformModule.forService(partnerService)],
})
export class PartnerServiceModule {}
