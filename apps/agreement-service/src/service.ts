import { AGREEMENT_TOPIC_CONFIG } from '@accord/contracts';
import { eventStoreMigrations } from '@accord/event-store';
import type { ServiceDescriptor } from '@accord/platform';
import { agreementViewsProjection } from './agreements/agreement-views.projection';
import { publishAgreementMessages } from './agreements/agreement.publication';
import { AgreementAmendmentView } from './agreements/get-agreement/agreement-amendment.entity';
import { AgreementObligationView } from './agreements/get-agreement/agreement-obligation.entity';
import { AgreementRegisterEntry } from './agreements/list-agreements/agreement-register.entity';
import { CreateAgreementReadModels1763900000000 } from './migrations/1763900000000-create-agreement-read-models';
import { AgreementBusinessDates1765000000000 } from './migrations/1765000000000-agreement-business-dates';
import { knownPartnersConsumer } from './partners/known-partners';

export const agreementService: ServiceDescriptor = {
  name: 'agreement-service',
  title: 'Accord agreement service',
  description:
    'Agreements with partners (NDAs, MOUs, joint research, alliances) through negotiation, signature, renewal and expiry.',
  defaultPort: 3002,
  http: 'fastify',
  defaultSchema: 'agreement',
  migrations: [...eventStoreMigrations, CreateAgreementReadModels1763900000000, AgreementBusinessDates1765000000000],
  entities: [AgreementRegisterEntry, AgreementObligationView, AgreementAmendmentView],
  // What the dashboard's reporting views read: the only tables another role may read.
  sharedReadModels: ['agreement_register', 'agreement_obligations'],
  eventStore: {
    projections: [agreementViewsProjection],
    publish: publishAgreementMessages,
    topics: [AGREEMENT_TOPIC_CONFIG],
  },
  consumers: [knownPartnersConsumer],
};
