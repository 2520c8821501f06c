import { runService } from '@accord/platform';
import { AgreementServiceModule } from './app.module';
import { agreementService } from './service';

void runService(agreementService, AgreementServiceModule);
