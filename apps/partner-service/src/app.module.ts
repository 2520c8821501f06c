import { Module } from '@nestjs/common';
import { PlatformModule } from '@accord/platform';
import { AddContactHandler } from './partners/add-contact/add-contact.handler';
import { AddContactRoute } from './partners/add-contact/add-contact.route';
import { ChangeStatusRoutes } from './partners/change-status/change-status.route';
import { EraseContactRoute } from './partners/erase-contact/erase-contact.route';
import { GetPartnerHandler } from './partners/get-partner/get-partner.query';
import { GetPartnerRoute } from './partners/get-partner/get-partner.route';
import { ListPartnersHandler } from './partners/list-partners/list-partners.query';
import { ListPartnersRoute } from './partners/list-partners/list-partners.route';
import { PartnerHistoryHandler } from './partners/partner-history/partner-history.query';
import { PartnerHistoryRoute } from './partners/partner-history/partner-history.route';
import { RegisterPartnerRoute } from './partners/register-partner/register-partner.route';
import { RemoveContactRoute } from './partners/remove-contact/remove-contact.route';
import { UpdateContactHandler } from './partners/update-contact/update-contact.handler';
import { UpdateContactRoute } from './partners/update-contact/update-contact.route';
import { UpdatePartnerRoute } from './partners/update-partner/update-partner.route';
import { partnerService } from './service';

@Module({
  imports: [PlatformModule.forService(partnerService)],
  // One controller per use case, in the order the routes have always had (the OpenAPI document's
  // order). Each route names its operation id as the single PartnersController did
  // (`PartnersController_<method>`): the web client's generated types are keyed by them.
  controllers: [
    RegisterPartnerRoute,
    ListPartnersRoute,
    GetPartnerRoute,
    PartnerHistoryRoute,
    UpdatePartnerRoute,
    ChangeStatusRoutes,
    AddContactRoute,
    UpdateContactRoute,
    RemoveContactRoute,
    EraseContactRoute,
  ],
  providers: [AddContactHandler, UpdateContactHandler, GetPartnerHandler, ListPartnersHandler, PartnerHistoryHandler],
})
export class PartnerServiceModule {}
