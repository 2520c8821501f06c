import { Module } from '@nestjs/common';
import { PlatformModule } from '@accord/platform';
import { AgreementHistoryHandler } from './agreements/agreement-history/agreement-history.query';
import { AgreementWriter } from './agreements/agreement-command.handler';
import { AgreementsController } from './agreements/agreements.controller';
import { DeadlinesHandler } from './agreements/deadlines/deadlines.query';
import { DraftAgreementHandler, ReviseTermsHandler } from './agreements/draft-agreement/draft-agreement.handler';
import { GetAgreementHandler } from './agreements/get-agreement/get-agreement.query';
import { ListAgreementsHandler } from './agreements/list-agreements/list-agreements.query';
import { AgreementScheduler } from './agreements/scheduler/agreement-scheduler';
import { agreementService } from './service';

@Module({
  imports: [PlatformModule.forService(agreementService)],
  controllers: [AgreementsController],
  providers: [
    AgreementWriter,
    DraftAgreementHandler,
    ReviseTermsHandler,
    GetAgreementHandler,
    ListAgreementsHandler,
    DeadlinesHandler,
    AgreementHistoryHandler,
    AgreementScheduler,
  ],
})
export class AgreementServiceModule {}
