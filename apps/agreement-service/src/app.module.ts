import { Module } from '@nestjs/common';
import { PlatformModule } from '@accord/platform';
import { agreementService } from './service';

@Module({
  imports: [PlatformModule.forService(agreementService)],
})
export class AgreementServiceModule {}
