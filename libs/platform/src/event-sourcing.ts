import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ITopicConfig } from 'kafkajs';
import { DataSource, type EntityManager } from 'typeorm';
import { PostgresEventStore } from '@accord/event-store';
import { IdempotentConsumer, KafkaClient, OutboxRelay, type ReceivedMessage } from '@accord/messaging';
import { ConsumerRegistry } from './health/consumer-registry';
import { ServiceEnvironment } from './config/environment';
import { Clock } from './clock';
import { Metrics } from './observability/metrics';
import type { ConsumerDescriptor, ServiceDescriptor } from './service';

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
 * How a consumer's `handle` runs: in the inbox's transaction, with the store writing in it too, so a
 * reaction's events commit with the message's inbox row and the copy it read, or not at all.
 */
export function inInboxTransaction(
  handle: ConsumerDescriptor['handle'],
  store: PostgresEventStore,
): (message: ReceivedMessage, tx: EntityManager) => Promise<void> {
  return (message, tx) => handle(message, tx, store.within(tx));
}

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
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    for (const { name, topics, handle, fetchWaitMs } of this.service.consumers ?? []) {
      const group = `${this.env.KAFKA_GROUP_PREFIX}.${this.service.name}.${name}`;
      const consumer = new IdempotentConsumer({
        client: this.kafka,
        dataSource: this.dataSource,
        name: group,
        topics: topics.map((topic) => topic.topic),
        handler: inInboxTransaction(handle, this.store),
        fetchWaitMs,
        onHandled: (topic, outcome, seconds) => this.metrics.consumed(name, topic, outcome, seconds),
        // Nest's logger, so the consumer's lines go to the service's log (JSON, LOG_LEVEL).
        logger: new Logger(`Consumer ${group}`),
      });
      this.metrics.consuming(
        name,
        topics.map((topic) => topic.topic),
      );
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

  private async startWithRetry(name: string, consumer: IdempotentConsumer, topics: ITopicConfig[]): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.kafka.ensureTopics(withPartitions(topics, this.env));
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

/**
 * The event topics as the service creates them when they are missing: with KAFKA_TOPIC_PARTITIONS
 * partitions, the most instances of a service whose consumers can share the work (a partition is
 * read by one instance of a group at a time). Topics that exist keep the partitions they have.
 */
export function withPartitions(topics: ITopicConfig[], env: ServiceEnvironment): ITopicConfig[] {
  return topics.map((topic) => ({ ...topic, numPartitions: env.KAFKA_TOPIC_PARTITIONS }));
}

export function eventSourcingProviders(service: ServiceDescriptor): Provider[] {
  return [
    {
      provide: PostgresEventStore,
      inject: [DataSource, Metrics, Clock],
      useFactory: (dataSource: DataSource, metrics: Metrics, clock: Clock) =>
        new PostgresEventStore(dataSource, {
          ...service.eventStore,
          source: `accord/${service.name}`,
          observer: metrics.eventStoreObserver(),
          // One clock: what a command records as its time, and the deciders' `today`.
          clock: () => clock.now(),
        }),
    },
    {
      provide: OutboxRelay,
      inject: [DataSource, KafkaClient, ServiceEnvironment, Metrics],
      useFactory: (dataSource: DataSource, kafka: KafkaClient, env: ServiceEnvironment, metrics: Metrics) =>
        new OutboxRelay(dataSource, kafka, {
          schema: env.DB_SCHEMA,
          databaseUrl: env.DATABASE_URL,
          leaseMs: env.OUTBOX_RELAY_LEASE_MS,
          topics: withPartitions(service.eventStore?.topics ?? [], env),
          onPublished: (messages) => metrics.published(messages),
        }),
    },
    OutboxRelayLifecycle,
    { provide: SERVICE, useValue: service },
    ConsumersLifecycle,
  ];
}
