import { Module } from '@nestjs/common';
import { PlatformModule } from '@accord/platform';
import { AddContactHandler } from './partners/add-contact/add-contact.handler';
import { GetPartnerHandler } from './partners/get-partner/get-partner.query';
import { ListPartnersHandler } from './partners/list-partners/list-partners.query';
import { PartnerWriter } from './partners/partner-command.handler';
import { PartnerHistoryHandler } from './partners/partner-history/partner-history.query';
import { PartnersController } from './partners/partners.controller';
import { UpdateContactHandler } from './partners/update-contact/update-contact.handler';
import { partnerService } from './service';

@Module({
  imports: [PlatformModule.forService(partnerService)],
  controllers: [PartnersController],
  providers: [
    PartnerWriter,
    AddContactHandler,
    UpdateContactHandler,
    GetPartnerHandler,
    ListPartnersHandler,
    PartnerHistoryHandler,
  ],
})
export class PartnerServiceModule {}
