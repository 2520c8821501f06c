import { once } from 'node:events';
import { freePort, launchService, ready, type ServiceProcess } from './processes';
import { scrape } from './metrics';

export type ServiceName = 'partner-service' | 'agreement-service' | 'project-service';

export interface Instance {
  name: ServiceName;
  process: ServiceProcess;
  port: number;
  /** Whether requests are still sent to it. */
  serving: boolean;
  inFlight: number;
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Several instances of each service, built, as separate processes on one database and one Kafka,
 * with requests spread over the instances of a service as a load balancer would (round robin).
 */
export class Cluster {
  readonly instances: Instance[] = [];
  private turn = 0;

  constructor(private readonly env: Record<string, string>) {}

  /** Starts `count` instances of each service at once, and waits until every one is ready. */
  async start(names: ServiceName[], count: number): Promise<void> {
    const started: Instance[] = [];
    for (const name of names) {
      for (let i = 0; i < count; i++) {
        const port = await freePort();
        started.push({ name, port, process: launchService(name, port, this.env), serving: true, inFlight: 0 });
      }
    }
    this.instances.push(...started);
    for (const instance of started) {
      if (!(await ready(instance.port, 90_000))) {
        throw new Error(`${instance.name} on ${instance.port} did not become ready:\n${instance.process.output()}`);
      }
    }
  }

  serving(name: ServiceName): Instance[] {
    return this.instances.filter((instance) => instance.name === name && instance.serving);
  }

  /** The next instance of the service in turn, or the `k`th (modulo the instances still serving). */
  pick(name: ServiceName, k?: number): Instance {
    const instances = this.serving(name);
    if (instances.length === 0) throw new Error(`no instance of ${name} is serving`);
    return instances[(k ?? this.turn++) % instances.length];
  }

  async call(instance: Instance, method: string, path: string, headers: object, body?: object): Promise<Answer> {
    instance.inFlight++;
    try {
      const response = await fetch(`http://127.0.0.1:${instance.port}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    } finally {
      instance.inFlight--;
    }
  }

  /** The instance of the service whose outbox relay holds the lock, as its `/metrics` says. */
  async relayLeader(name: ServiceName): Promise<Instance | undefined> {
    for (const instance of this.serving(name)) {
      if ((await scrape(instance.port)).value('accord_outbox_relay_leader') === 1) return instance;
    }
    return undefined;
  }

  /**
   * SIGKILL, as a crash or an OOM kill would: no shutdown hook runs, nothing is flushed or committed.
   * The load balancer takes it out of rotation first and lets its requests in flight finish, so
   * that the test knows which requests succeeded; what it was doing in the background (publishing
   * its outbox, consuming, scheduling) is cut off wherever it was.
   */
  async kill(instance: Instance): Promise<void> {
    instance.serving = false;
    while (instance.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const exited = once(instance.process.child, 'exit');
    instance.process.child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await Promise.all(this.instances.map((instance) => instance.process.stop()));
  }
}
