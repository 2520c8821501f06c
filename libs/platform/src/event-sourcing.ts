import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '@accord/event-store';
import { IdempotentConsumer, KafkaClient, OutboxRelay } from '@accord/messaging';
import { ConsumerRegistry } from './health/consumer-registry';
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

const SERVICE = Symbol('service descriptor');

/**
 * Starts the service's consumers once the app is up. Their topics belong to other services; they
 * are created here too if missing (same settings as the producer's, from libs/contracts), so the
 * start order of services does not matter. If Kafka is away, starting is retried in the background.
 */
@Injectable()
export class ConsumersLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Consumers');
  private readonly consumers: IdempotentConsumer[] = [];
  private readonly starting: Promise<void>[] = [];
  private stopping = false;
  /** Ends every pending retry wait at once when the service shuts down. */
  private readonly shutdown = new AbortController();

  constructor(
    @Inject(SERVICE) private readonly service: ServiceDescriptor,
    private readonly kafka: KafkaClient,
    private readonly dataSource: DataSource,
    private readonly registry: ConsumerRegistry,
    private readonly env: ServiceEnvironment,
    private readonly store: PostgresEventStore,
  ) {}

  onApplicationBootstrap(): void {
    for (const { name, topics, handle } of this.service.consumers ?? []) {
      const consumer = new IdempotentConsumer({
        client: this.kafka,
        dataSource: this.dataSource,
        name: `${this.env.KAFKA_GROUP_PREFIX}.${this.service.name}.${name}`,
        topics: topics.map((topic) => topic.topic),
        handler: (message, tx) => handle(message, tx, this.store),
      });
      this.consumers.push(consumer);
      this.registry.register(name, consumer);
      this.starting.push(this.startWithRetry(name, consumer, topics));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.shutdown.abort();
    // Let a start in progress finish (or give up) before stopping, so no consumer is left half-started.
    await Promise.all(this.starting);
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }

  private async startWithRetry(name: string, consumer: IdempotentConsumer, topics: { topic: string }[]): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.kafka.ensureTopics(topics);
        if (this.stopping) return;
        await consumer.start();
        return;
      } catch (error) {
        if (this.stopping) return;
        this.logger.warn(
          `consumer ${name} could not start (attempt ${attempt}), retrying: ${(error as Error).message}`,
        );
        await sleep(Math.min(500 * 2 ** attempt, 10_000), undefined, { signal: this.shutdown.signal }).catch(
          () => undefined,
        );
      }
    }
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
    { provide: SERVICE, useValue: service },
    ConsumersLifecycle,
  ];
}
