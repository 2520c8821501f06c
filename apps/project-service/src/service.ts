import { eventStoreMigrations } from '@accord/event-store';
import type { ServiceDescriptor } from '@accord/platform';

export const projectService: ServiceDescriptor = {
  name: 'project-service',
  title: 'Accord project service',
  description:
    'Joint projects run under agreements, through the Generate, Ideate, Develop and Launch stage gates to outcomes.',
  defaultPort: 3003,
  defaultSchema: 'project',
  migrations: [...eventStoreMigrations],
  entities: [],
};
