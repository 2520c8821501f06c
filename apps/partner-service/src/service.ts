import { eventStoreMigrations } from '@accord/event-store';
import type { ServiceDescriptor } from '@accord/platform';

export const partnerService: ServiceDescriptor = {
  name: 'partner-service',
  title: 'Accord partner service',
  description:
    'The registry of partners: universities, research institutes, startups, VCs, governments and consortia, and their contacts.',
  defaultPort: 3001,
  defaultSchema: 'partner',
  migrations: [...eventStoreMigrations],
  entities: [],
};
