import type { ITopicConfig } from 'kafkajs';
import type { DataSourceOptions, MigrationInterface } from 'typeorm';
import type { EventRegistry, InlineProjection, PostgresEventStore, Publisher } from '@accord/event-store';
import type { ReceivedMessage } from '@accord/messaging';
import type { EntityManager } from 'typeorm';

/**
 * One consumer: `handle` runs in the inbox's transaction (`tx`); a reaction that needs to change an
 * aggregate appends through `store`, which writes in that same transaction: the message's inbox row,
 * the copies it updated and the events it caused commit together or not at all.
 */
export interface ConsumerDescriptor {
  name: string;
  topics: ITopicConfig[];
  handle: (message: ReceivedMessage, tx: EntityManager, store: PostgresEventStore) => Promise<void>;
  /** For a consumer that may lag a little: see IdempotentConsumerOptions.fetchWaitMs. */
  fetchWaitMs?: number;
}

/** What makes one Accord service different from the others; everything else is shared. */
export interface ServiceDescriptor {
  /** e.g. `partner-service`: the Kafka client id, the Postgres application_name, the log `service`. */
  name: string;
  title: string;
  description: string;
  defaultPort: number;
  /**
   * The HTTP server under Nest: Express unless it says Fastify. The dashboard stays on Express, as
   * its sign-in sessions, service proxy and web app are Express middleware; the services, whose
   * requests are small and many, run on Fastify, which spends less of each request on itself.
   */
  http?: 'express' | 'fastify';
  /** The Postgres schema the service owns. */
  defaultSchema: string;
  /** Migration classes, run in the order of the timestamps in their names. */
  migrations: (new () => MigrationInterface)[];
  entities: DataSourceOptions['entities'];
  /**
   * The read-model tables of its schema that the dashboard's `reporting` views read: the only tables
   * another role may read (see shareReadModels). A unit test keeps the list equal to what the views
   * use.
   */
  sharedReadModels?: string[];
  /** The service's event store: its stored event schemas, inline projections and publications. */
  eventStore?: {
    registry?: EventRegistry;
    projections?: InlineProjection[];
    /** Maps stored events to the integration messages other services receive (via the outbox). */
    publish?: Publisher;
    /** The Kafka topics it publishes to, created at start if missing. */
    topics?: ITopicConfig[];
  };
  /**
   * What the service applies from other services' topics, each message once (inbox) and in order
   * per key. The Kafka group id is `<KAFKA_GROUP_PREFIX>.<service name>.<consumer name>`.
   */
  consumers?: ConsumerDescriptor[];
}
