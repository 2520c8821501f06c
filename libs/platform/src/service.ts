import type { ITopicConfig } from 'kafkajs';
import type { DataSourceOptions } from 'typeorm';
import type { EventRegistry, InlineProjection, Publisher } from '@accord/event-store';

/** What makes one Accord service different from the others; everything else is shared. */
export interface ServiceDescriptor {
  /** e.g. `partner-service`: the Kafka client id, the Postgres application_name, the log `service`. */
  name: string;
  title: string;
  description: string;
  defaultPort: number;
  /** The Postgres schema the service owns. */
  defaultSchema: string;
  migrations: DataSourceOptions['migrations'];
  entities: DataSourceOptions['entities'];
  /** The service's event store: its stored event schemas, inline projections and publications. */
  eventStore?: {
    registry?: EventRegistry;
    projections?: InlineProjection[];
    /** Maps stored events to the integration messages other services receive (via the outbox). */
    publish?: Publisher;
    /** The Kafka topics it publishes to, created at start if missing. */
    topics?: ITopicConfig[];
  };
}
