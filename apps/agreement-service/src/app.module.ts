import { Module } from '@nestjs/common';
import { PlatformModule } from '@accord/platform';
import { AgreementHistoryHandler } from './agreements/agreement-history/agreement-history.query';
import { AgreementHistoryController } from './agreements/agreement-history/agreement-history.route';
import { AmendAgreementController } from './agreements/amend-agreement/amend-agreement.route';
import { DeadlinesHandler } from './agreements/deadlines/deadlines.query';
import { DeadlinesController } from './agreements/deadlines/deadlines.route';
import { DraftAgreementHandler } from './agreements/draft-agreement/draft-agreement.handler';
import { DraftAgreementController } from './agreements/draft-agreement/draft-agreement.route';
import { GetAgreementHandler } from './agreements/get-agreement/get-agreement.query';
import { GetAgreementController } from './agreements/get-agreement/get-agreement.route';
import { ListAgreementsHandler } from './agreements/list-agreements/list-agreements.query';
import { ListAgreementsController } from './agreements/list-agreements/list-agreements.route';
import { ObligationsController } from './agreements/obligations/obligations.route';
import { RenewAgreementController } from './agreements/renew-agreement/renew-agreement.route';
import { ReviewController } from './agreements/review/review.route';
import { ReviseTermsHandler } from './agreements/revise-terms/revise-terms.handler';
import { ReviseTermsController } from './agreements/revise-terms/revise-terms.route';
import { AgreementScheduler } from './agreements/scheduler/agreement-scheduler';
import { SignAgreementController } from './agreements/sign-agreement/sign-agreement.route';
import { TerminateAgreementController } from './agreements/terminate-agreement/terminate-agreement.route';
import { agreementService } from './service';

@Module({
  imports: [PlatformModule.forService(agreementService)],
  // In this order: the OpenAPI document lists the operations as the controllers come. (Fastify prefers
  // a fixed path such as `GET /agreements/deadlines` to `GET /agreements/:id` whatever the order.)
  controllers: [
    DraftAgreementController,
    ListAgreementsController,
    DeadlinesController,
    GetAgreementController,
    AgreementHistoryController,
    ReviseTermsController,
    ReviewController,
    SignAgreementController,
    AmendAgreementController,
    RenewAgreementController,
    TerminateAgreementController,
    ObligationsController,
  ],
  providers: [
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
