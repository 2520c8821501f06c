import { runService } from '@accord/platform';
import { PartnerServiceModule } from './app.module';
import { partnerService } from './service';

void runService(partnerService, PartnerServiceModule);
