import { eventStoreMigrations } from '@accord/event-store';
import type { ServiceDescriptor } from '@accord/platform';

export const agreementService: ServiceDescriptor = {
  name: 'agreement-service',
  title: 'Accord agreement service',
  description:
    'Agreements with partners (NDAs, MOUs, joint research, alliances) through negotiation, signature, renewal and expiry.',
  defaultPort: 3002,
  defaultSchema: 'agreement',
  migrations: [...eventStoreMigrations],
  entities: [],
};
