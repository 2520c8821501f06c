import { PROJECT_TOPIC_CONFIG } from '@accord/contracts';
import { eventStoreMigrations } from '@accord/event-store';
import type { ServiceDescriptor } from '@accord/platform';
import { knownAgreementsConsumer } from './agreements/known-agreements.consumer';
import { CreateProjectReadModels1764000000000 } from './migrations/1764000000000-create-project-read-models';
import { AddProjectBusinessDates1764400000000 } from './migrations/1764400000000-add-project-business-dates';
import { GateDecisionView, MilestoneView, OutcomeView } from './projects/get-project/project-parts.entity';
import { ProjectRegisterEntry } from './projects/list-projects/project-register.entity';
import { projectViewsProjection } from './projects/project-views.projection';
import { publishProjectEvents } from './projects/project.publication';

export const projectService: ServiceDescriptor = {
  name: 'project-service',
  title: 'Accord project service',
  description:
    'Joint projects run under agreements, through the Generate, Ideate, Develop and Launch stage gates to outcomes.',
  defaultPort: 3003,
  http: 'fastify',
  defaultSchema: 'project',
  migrations: [...eventStoreMigrations, CreateProjectReadModels1764000000000, AddProjectBusinessDates1764400000000],
  entities: [ProjectRegisterEntry, GateDecisionView, MilestoneView, OutcomeView],
  // What the dashboard's reporting views read: the only tables another role may read.
  sharedReadModels: ['project_register', 'project_gate_decisions', 'project_outcomes'],
  eventStore: {
    projections: [projectViewsProjection],
    publish: publishProjectEvents,
    topics: [PROJECT_TOPIC_CONFIG],
  },
  consumers: [knownAgreementsConsumer],
};
