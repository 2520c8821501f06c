export { runService, configureApp, buildApiDocument, httpAdapterFor } from './bootstrap';
export { ServiceEnvironment, ConfigError, ENVIRONMENT_VARIABLES, loadEnvironment } from './config/environment';
export { dataSourceOptions, ensureSchema, openDataSource } from './database/database';
export { scramSha256Verifier } from './database/password-verifier';
export { REPORTING_SCHEMA } from './database/shared-read-models';
export {
  ProblemDetailsFilter,
  ProblemException,
  RequestValidationError,
  type ProblemDetails,
  type InvalidParam,
} from './http/problem-details';
export { PLATFORM_MIGRATIONS, PlatformModule } from './platform.module';
export type { ConsumerDescriptor, ServiceDescriptor } from './service';
export { Context, commandContextOf, expectedVersionOf, setVersion, type HeaderSink } from './http/request-context';
export {
  CreateRoute,
  Write,
  WriteRoute,
  writeRequestOf,
  type CreateRouteOptions,
  type WriteRequest,
  type WriteRouteOptions,
} from './http/write-request';
export { StreamWriter, Writer, type StreamWrites, type WriteOptions } from './writes/stream-writer';
export { uuid } from './http/params';
export { ConsumerRegistry, type ConsumerLag } from './health/consumer-registry';
export { inInboxTransaction, withPartitions } from './event-sourcing';
export { Clock, FakeClock, SystemClock } from './clock';
export { AreTechnologyAreas, IsAmount, IsCalendarDate, NonNullable } from './http/validation';
export { IsKeyedObject, MAX_KEY_LENGTH, type KeyedObjectRule } from './http/keyed-object';
export { HistoryEntry, streamHistory } from './http/history';
export { AsOfRequest, IF_MATCH_HEADER, TimeAxesRequest, WriteResult } from './http/resource';
export {
  AuthGuard,
  CurrentUser,
  PERSONAL_DATA_READERS,
  Public,
  READERS,
  ROLES,
  Roles,
  TokenVerifier,
  hasRole,
  requireRole,
  isLoopback,
  mintToken,
  seesPersonalData,
  type AuthenticatedUser,
  type Role,
} from './auth';
export {
  Create,
  IdempotentCreates,
  created,
  type CreateOutcome,
  type NewResource,
} from './http/idempotency/idempotent-creates';
export { IdempotentCreate } from './http/idempotency/idempotent-writes';
