import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { privateBroker, type PrivateBroker } from './broker';
import { Cluster, SERVICES } from './cluster';
import { kafkaFor } from './topics';
import type { Kafka } from 'kafkajs';

/** What every scenario runs on: a database and a broker of its own, and the three services. */
export interface Stage {
  run: string;
  groupPrefix: string;
  db: TestDatabase;
  broker: PrivateBroker;
  kafka: Kafka;
  cluster: Cluster;
  /** Stops the services, the broker, and drops the database. */
  teardown(): Promise<void>;
}

/**
 * A fresh database shared by the three services (schemas partner, agreement, project, as `npm
 * start` deploys them: the dashboard's views and the rebuild check need them side by side) and a
 * private broker, started in parallel; then the three services, also in parallel.
 */
export async function setUpStage(scenario: string): Promise<Stage> {
  const run = randomUUID().slice(0, 8);
  const groupPrefix = `faults-${scenario}-${run}`;
  const broker = await privateBroker(scenario);
  const [db] = await Promise.all([createTestDatabase(`faults_${scenario}`), broker.up()]);
  const cluster = new Cluster({ databaseUrl: db.url, brokers: broker.address, groupPrefix });
  const stage: Stage = {
    run,
    groupPrefix,
    db,
    broker,
    kafka: kafkaFor(broker.brokers),
    cluster,
    teardown: async () => {
      await cluster.stopAll();
      await broker.dispose();
      await db.drop();
    },
  };
  try {
    await cluster.prepare();
    await Promise.all(SERVICES.map((name) => cluster.start(name)));
  } catch (error) {
    await stage.teardown();
    throw error;
  }
  return stage;
}
