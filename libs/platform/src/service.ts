import type { DataSourceOptions } from 'typeorm';

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
}
