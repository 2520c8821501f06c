export { checkBusinessDate, type EarlierAct } from './business-date';
export { handleCommand, type HandleOptions, type HandleResult } from './command-handler';
export { decideInTurn, fold, type Decider } from './decider';
export {
  BusinessRuleError,
  ConcurrencyError,
  ConflictError,
  DomainError,
  NotFoundError,
  ValidationError,
} from './errors';
export {
  PostgresEventStore,
  START,
  checkpointAfter,
  type AppendResult,
  type Checkpoint,
  type EventStoreOptions,
  type ExpectedVersion,
  type OutboxMessage,
  type Publisher,
} from './event-store';
export type { CommandContext, DomainEvent, EventMetadata, NewEvent, Recorded, StoredEvent } from './events';
export { writeRow, type InlineProjection, type ProjectedRow } from './projection';
export type { CommandOutcome, EventStoreObserver } from './observer';
export { rebuildProjection, type RebuildResult } from './rebuild';
export { readAsOf } from './as-of';
export { EventRegistry, type EventSchema, type Upcaster } from './registry';
import { CreateEventStore1763700000000 } from './migrations/1763700000000-create-event-store';

/** The event store's migrations, in order; each service lists them before its own. */
export const eventStoreMigrations = [CreateEventStore1763700000000];
