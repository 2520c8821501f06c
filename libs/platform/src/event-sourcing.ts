import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '@accord/event-store';
import { KafkaClient, OutboxRelay } from '@accord/messaging';
import { ServiceEnvironment } from './config/environment';
import type { ServiceDescriptor } from './service';

/**
 * Runs the outbox relay for as long as the service runs. It starts after the app is up (a Kafka
 * outage at boot only delays publishing; the relay retries), and stops before the database pool
 * closes, so that a batch in flight is either marked published or left for the next start.
 */
@Injectable()
export class OutboxRelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(readonly relay: OutboxRelay) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

export function eventSourcingProviders(service: ServiceDescriptor): Provider[] {
  return [
    {
      provide: PostgresEventStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) =>
        new PostgresEventStore(dataSource, { ...service.eventStore, source: `accord/${service.name}` }),
    },
    {
      provide: OutboxRelay,
      inject: [DataSource, KafkaClient, ServiceEnvironment],
      useFactory: (dataSource: DataSource, kafka: KafkaClient, env: ServiceEnvironment) =>
        new OutboxRelay(dataSource, kafka, {
          schema: env.DB_SCHEMA,
          databaseUrl: env.DATABASE_URL,
          topics: service.eventStore?.topics,
        }),
    },
    OutboxRelayLifecycle,
  ];
}
