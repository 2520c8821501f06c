import { PARTNER_TOPIC_CONFIG } from '@accord/contracts';
import { eventStoreMigrations } from '@accord/event-store';
import type { ServiceDescriptor } from '@accord/platform';
import { CreatePartnerReadModels1763800000000 } from './migrations/1763800000000-create-partner-read-models';
import { CreatePartnerActivity1764100000000 } from './migrations/1764100000000-create-partner-activity';
import { AddPartnerStatusSince1764500000000 } from './migrations/1764500000000-add-partner-status-since';
import { SealContactsInReadModel1765500000000 } from './migrations/1765500000000-seal-contacts-in-read-model';
import { PartnerContactView } from './partners/get-partner/partner-contact.entity';
import { PartnerDirectoryEntry } from './partners/list-partners/partner-directory.entity';
import { PartnerLastActivity } from './partners/partner-activity/partner-last-activity.entity';
import { partnerViewsProjection } from './partners/partner-views.projection';
import { partnerActivityConsumer } from './partners/partner-activity/partner-activity.consumer';
import { publishPartnerMessages } from './partners/partner.publication';

export const partnerService: ServiceDescriptor = {
  name: 'partner-service',
  title: 'Accord partner service',
  description:
    'The registry of partners: universities, research institutes, startups, VCs, governments and consortia, and their contacts.',
  defaultPort: 3001,
  http: 'fastify',
  defaultSchema: 'partner',
  migrations: [
    ...eventStoreMigrations,
    CreatePartnerReadModels1763800000000,
    CreatePartnerActivity1764100000000,
    AddPartnerStatusSince1764500000000,
    SealContactsInReadModel1765500000000,
  ],
  entities: [PartnerDirectoryEntry, PartnerContactView, PartnerLastActivity],
  // What the dashboard's reporting views read: the only tables another role may read.
  sharedReadModels: ['partner_directory', 'partner_activity'],
  eventStore: {
    projections: [partnerViewsProjection],
    publish: publishPartnerMessages,
    // Partitions spread partners over consumers; one partner's messages always share a partition.
    topics: [PARTNER_TOPIC_CONFIG],
  },
  consumers: [partnerActivityConsumer],
};
