import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { PostgresEventStore } from '@accord/event-store';
import { KafkaClient, OutboxParking1765600000000, OutboxRelay } from '@accord/messaging';
import { ServiceEnvironment, loadEnvironment } from './config/environment';
import { dataSourceOptions, openDataSource, schemaOf } from './database/database';
import { shareReadModels } from './database/shared-read-models';
import { eventSourcingProviders } from './event-sourcing';
import { Clock, SystemClock } from './clock';
import { ConsumerRegistry } from './health/consumer-registry';
import { HealthController } from './health/health.controller';
import { ProblemDetailsFilter } from './http/problem-details';
import { requestValidationPipe } from './http/validation';
import { loggerParams } from './logging/logging';
import { Metrics } from './observability/metrics';
import { MetricsCollectors } from './observability/metrics-collectors';
import { MetricsController } from './observability/metrics.controller';
import { RequestContextInterceptor } from './observability/http-telemetry';
import { Tracing } from './observability/tracing';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import type { ServiceDescriptor } from './service';
import { CreateIdempotencyKeys1764400000000 } from './http/idempotency/create-idempotency-keys.migration';
import { IdempotencyKeysOfAnyWrite1765400000000 } from './http/idempotency/idempotency-keys-of-any-write.migration';
import { IdempotentWrites } from './http/idempotency/idempotent-writes';
import { IdempotentCreates } from './http/idempotency/idempotent-creates';
import { Writer } from './writes/stream-writer';

/** Tables every service gets from the platform itself: its record of Idempotency-Keys, its relay's parking. */
export const PLATFORM_MIGRATIONS = [
  CreateIdempotencyKeys1764400000000,
  IdempotencyKeysOfAnyWrite1765400000000,
  OutboxParking1765600000000,
];

/**
 * What every Accord service has: validated configuration, JSON logs, its Postgres schema (migrated
 * at start), its event store, outbox relay and consumers, a Kafka client, the command and query
 * buses, a clock, health endpoints, Prometheus metrics and tracing, bearer-token authentication
 * with roles, request validation, write rate limiting and problem-details errors. (Security headers,
 * CORS and the request telemetry middleware are set in configureApp, with the other HTTP settings.)
 * A service's AppModule imports `PlatformModule.forService(...)` and adds its own features.
 */
@Module({})
export class PlatformModule {
  static forService(service: ServiceDescriptor): DynamicModule {
    const environment = {
      provide: ServiceEnvironment,
      useFactory: () =>
        loadEnvironment(process.env, { PORT: String(service.defaultPort), DB_SCHEMA: service.defaultSchema }),
    };
    const database = {
      applicationName: service.name,
      // The platform's own table (Idempotency-Key records) comes with every service.
      migrations: [...service.migrations, ...PLATFORM_MIGRATIONS],
      entities: service.entities,
    };
    return {
      module: PlatformModule,
      global: true,
      imports: [
        LoggerModule.forRootAsync({
          providers: [environment],
          inject: [ServiceEnvironment],
          useFactory: (env: ServiceEnvironment) => loggerParams(service.name, env),
        }),
        TypeOrmModule.forRootAsync({
          extraProviders: [environment],
          inject: [ServiceEnvironment],
          useFactory: (env: ServiceEnvironment) => dataSourceOptions(env, database),
          dataSourceFactory: async (options) => {
            if (!options) throw new Error('TypeORM options missing');
            const dataSource = await openDataSource(options);
            await shareReadModels(dataSource, schemaOf(options), service.sharedReadModels ?? []);
            return dataSource;
          },
        }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        // The seam between HTTP and the use cases: controllers send commands and queries, one
        // handler each. (Its AggregateRoot is not used: aggregates are deciders.)
        CqrsModule.forRoot(),
        // Writes are rate-limited per client; reads are not (dashboards poll, and reads change nothing).
        ThrottlerModule.forRootAsync({
          useFactory: () => ({
            throttlers: [{ name: 'writes', ttl: 60_000, limit: environment.useFactory().WRITE_RATE_LIMIT_PER_MINUTE }],
            skipIf: (context) =>
              ['GET', 'HEAD', 'OPTIONS'].includes(context.switchToHttp().getRequest<{ method: string }>().method),
          }),
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        environment,
        {
          provide: KafkaClient,
          inject: [ServiceEnvironment],
          useFactory: (env: ServiceEnvironment) =>
            new KafkaClient({
              clientId: service.name,
              brokers: env.KAFKA_BROKERS,
              ssl: env.KAFKA_SSL === 'true',
              sasl: env.KAFKA_SASL_MECHANISM
                ? {
                    mechanism: env.KAFKA_SASL_MECHANISM as 'plain' | 'scram-sha-256' | 'scram-sha-512',
                    username: env.KAFKA_SASL_USERNAME,
                    password: env.KAFKA_SASL_PASSWORD,
                  }
                : undefined,
              topics: {
                ...(env.KAFKA_TOPIC_REPLICATION_FACTOR > 0 && {
                  replicationFactor: env.KAFKA_TOPIC_REPLICATION_FACTOR,
                }),
                ...(env.KAFKA_TOPIC_MIN_INSYNC_REPLICAS > 0 && {
                  minInsyncReplicas: env.KAFKA_TOPIC_MIN_INSYNC_REPLICAS,
                }),
                retentionMs: env.KAFKA_TOPIC_RETENTION_HOURS * 3_600_000,
                deadLetterRetentionMs: env.KAFKA_DLQ_RETENTION_HOURS * 3_600_000,
                maxMessageBytes: env.KAFKA_TOPIC_MAX_MESSAGE_BYTES,
              },
            }),
        },
        // Before anything that records: tracing is set up once per process, metrics once per app.
        { provide: Tracing, useFactory: () => new Tracing(service.name) },
        { provide: Metrics, useFactory: () => new Metrics(service.name) },
        MetricsCollectors,
        ...eventSourcingProviders(service),
        ConsumerRegistry,
        IdempotentCreates,
        Writer,
        { provide: Clock, useClass: SystemClock },
        {
          provide: TokenVerifier,
          inject: [ServiceEnvironment],
          useFactory: (env: ServiceEnvironment) => new TokenVerifier(env),
        },
        // Guards run in this order: who is calling (401/403) before how often (429).
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: requestValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor },
        // A service that records events takes an Idempotency-Key on every write.
        ...(service.eventStore ? [{ provide: APP_INTERCEPTOR, useClass: IdempotentWrites }] : []),
      ],
      exports: [
        ServiceEnvironment,
        KafkaClient,
        PostgresEventStore,
        OutboxRelay,
        ConsumerRegistry,
        Clock,
        IdempotentCreates,
        Writer,
        Metrics,
        // The dashboard's sign-in reads a session's roles exactly as the services will.
        TokenVerifier,
      ],
    };
  }
}
