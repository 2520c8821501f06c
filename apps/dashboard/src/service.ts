import { eventStoreMigrations } from '@accord/event-store';
import type { ServiceDescriptor } from '@accord/platform';
import { changeLogConsumer } from './changes/change-log.consumer';
import { CreateReportingViews1764200000000 } from './migrations/1764200000000-create-reporting-views';
import { CreateChangeLog1764300000000 } from './migrations/1764300000000-create-change-log';
import { CreateWebSessions1765300000000 } from './migrations/1765300000000-create-web-sessions';
import { CreateQuestionViews1765100000000 } from './migrations/1765100000000-create-question-views';
import { BusinessDatesInReportingViews1765200000000 } from './migrations/1765200000000-business-dates-in-reporting-views';

export const dashboardService: ServiceDescriptor = {
  name: 'dashboard',
  title: 'Accord portfolio dashboard',
  description: 'The partnership portfolio at a glance, live; and the reporting views behind it.',
  defaultPort: 3000,
  defaultSchema: 'dashboard',
  // The event store tables keep the platform's relay and inbox uniform; the dashboard writes no events.
  migrations: [
    ...eventStoreMigrations,
    CreateReportingViews1764200000000,
    CreateChangeLog1764300000000,
    CreateQuestionViews1765100000000,
    BusinessDatesInReportingViews1765200000000,
    CreateWebSessions1765300000000,
  ],
  entities: [],
  // Who changed what, for the partner timelines: its own read model, applied once through the inbox.
  consumers: [changeLogConsumer],
};
