import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { kafkaDown, kafkaKill, kafkaUp, type Broker } from '../../../scripts/infra/kafka';
import { STATE_DIR, logFile } from '../../../scripts/infra/state';
import { freePort } from '../../support/processes';
import { join } from 'node:path';

export interface PrivateBroker {
  /** `127.0.0.1:<port>`, for KAFKA_BROKERS. */
  address: string;
  brokers: string[];
  /** Starts it (again): the same data, so whatever it had before it stopped is still there. */
  up(): Promise<void>;
  /** SIGTERM: a clean stop, the way a broker goes away for maintenance or a rolling restart. */
  down(): Promise<void>;
  /** SIGKILL: a crash (a lost machine, the OOM killer), with no flush and no goodbye to clients. */
  kill(): Promise<void>;
  /** Stops it and deletes its data and log: nothing of a fault scenario outlives it. */
  dispose(): Promise<void>;
}

/**
 * A Kafka broker of the scenario's own (own ports, own data folder under .accord/), like the outbox
 * relay's outage test: stopping it, or filling its topics, disturbs no other test. The event topics
 * have fixed names (`accord.partners`, ...), so on the shared broker a scenario would also read every
 * message other runs ever published; here every message on a topic is the scenario's.
 */
export async function privateBroker(label: string): Promise<PrivateBroker> {
  const broker: Broker = {
    name: `kafka-${label}-${randomUUID().slice(0, 8)}`,
    port: await freePort(),
    controllerPort: await freePort(),
  };
  const address = `127.0.0.1:${broker.port}`;
  return {
    address,
    brokers: [address],
    up: () => kafkaUp(broker),
    down: () => kafkaDown(broker),
    kill: () => kafkaKill(broker),
    dispose: async () => {
      await kafkaDown(broker);
      rmSync(join(STATE_DIR, broker.name), { recursive: true, force: true });
      rmSync(logFile(broker.name), { force: true });
    },
  };
}
