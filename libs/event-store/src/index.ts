import { CreateEventStore1763700000000 } from './migrations/1763700000000-create-event-store';

/** The event store's migrations, in order; each service lists them before its own. */
export const eventStoreMigrations = [CreateEventStore1763700000000];
