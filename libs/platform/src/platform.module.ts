import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { PostgresEventStore } from '@accord/event-store';
import { KafkaClient, OutboxRelay } from '@accord/messaging';
import { ServiceEnvironment, loadEnvironment } from './config/environment';
import { dataSourceOptions, openDataSource } from './database/database';
import { eventSourcingProviders } from './event-sourcing';
import { Clock, SystemClock } from './clock';
import { ConsumerRegistry } from './health/consumer-registry';
import { HealthController } from './health/health.controller';
import { ProblemDetailsFilter } from './http/problem-details';
import { requestValidationPipe } from './http/validation';
import { loggerParams } from './logging/logging';
import type { ServiceDescriptor } from './service';

/**
 * What every Accord service has: validated configuration, JSON logs, its Postgres schema (migrated
 * at start), its event store, outbox relay and consumers, a Kafka client, the command and query
 * buses, a clock, health endpoints, request validation, write rate limiting and problem-details
 * errors. (Security headers and CORS are set in configureApp, with the other HTTP settings.)
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
    const database = { applicationName: service.name, migrations: service.migrations, entities: service.entities };
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
            return openDataSource(options);
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
      controllers: [HealthController],
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
            }),
        },
        ...eventSourcingProviders(service),
        ConsumerRegistry,
        { provide: Clock, useClass: SystemClock },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: requestValidationPipe },
      ],
      exports: [ServiceEnvironment, KafkaClient, PostgresEventStore, OutboxRelay, ConsumerRegistry, Clock],
    };
  }
}
