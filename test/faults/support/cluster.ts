import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { copyFileSync, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { STATE_DIR } from '../../../scripts/infra/state';
import { TEST_AUTH } from '../../support/auth';
import { freePort } from '../../support/processes';

export type ServiceName = 'partner-service' | 'agreement-service' | 'project-service';
export const SERVICES: readonly ServiceName[] = ['partner-service', 'agreement-service', 'project-service'];
export const SCHEMA: Record<ServiceName, string> = {
  'partner-service': 'partner',
  'agreement-service': 'agreement',
  'project-service': 'project',
};

const ROOT = join(__dirname, '..', '..', '..');
/** Enough of a process's output to say why it failed, without keeping all of a long run's. */
const OUTPUT_LIMIT = 64 * 1024;

export interface Instance {
  name: ServiceName;
  port: number;
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output(): string;
}

export interface ClusterOptions {
  databaseUrl: string;
  brokers: string;
  /** The scenario's consumer groups: `<prefix>.<service>.<consumer>`. */
  groupPrefix: string;
  env?: Record<string, string>;
}

interface ConsumersReport {
  outboxBacklog: number;
  consumers: { name: string; totalLag: number }[];
}

/**
 * The three services as real processes (the built bundles), several instances each if need be:
 * started, SIGKILLed and restarted at will. The bundles are copied once per scenario before anything
 * starts: other work on this machine rebuilds dist/ at any time, and a restart must not read a
 * bundle half-written (or a different build from the one the scenario began with).
 */
export class Cluster {
  private readonly live = new Set<Instance>();
  private readonly bin = join(STATE_DIR, 'faults', 'bin', randomUUID().slice(0, 8));
  /** The services' output, one file per process: `.accord/faults/logs/<group prefix>/`. */
  readonly logs: string;

  constructor(private readonly options: ClusterOptions) {
    this.logs = join(STATE_DIR, 'faults', 'logs', options.groupPrefix);
    mkdirSync(this.logs, { recursive: true });
  }

  /**
   * Copies each service's bundle, retrying while a build elsewhere is rewriting it. From dist/, or
   * from ACCORD_FAULTS_DIST (a folder with `<service>/main.js`): a build kept aside, such as one with
   * a fault planted on purpose to see a scenario fail.
   */
  async prepare(): Promise<void> {
    const source = process.env.ACCORD_FAULTS_DIST ?? join(ROOT, 'dist', 'apps');
    for (const name of SERVICES) {
      const target = join(this.bin, name, 'main.js');
      mkdirSync(join(this.bin, name), { recursive: true });
      for (let attempt = 1; ; attempt++) {
        copyFileSync(join(source, name, 'main.js'), target);
        if (spawnSync(process.execPath, ['--check', target]).status === 0) break;
        if (attempt === 60) throw new Error(`dist/apps/${name}/main.js does not parse: run npm run build`);
        await sleep(1_000);
      }
    }
  }

  /** Starts an instance (on `port`, or a free one) and, unless told not to, waits until it is ready. */
  async start(name: ServiceName, options: { port?: number; waitReady?: boolean } = {}): Promise<Instance> {
    const port = options.port ?? (await freePort());
    let output = '';
    const child = spawn(process.execPath, [join(this.bin, name, 'main.js')], {
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: this.options.databaseUrl,
        KAFKA_BROKERS: this.options.brokers,
        KAFKA_GROUP_PREFIX: this.options.groupPrefix,
        // The load generator is one client sending thousands of writes a minute.
        WRITE_RATE_LIMIT_PER_MINUTE: '10000000',
        SHUTDOWN_TIMEOUT_MS: '5000',
        ...TEST_AUTH,
        ...this.options.env,
      },
    });
    // Everything it says also goes to a file, kept after the run: a scenario that fails says why there.
    const log = createWriteStream(join(this.logs, `${name}-${port}.log`), { flags: 'a' });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
      log.write(chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // 'close' comes after the last output, unlike 'exit'.
    child.once('close', () => log.end());
    const instance: Instance = {
      name,
      port,
      url: `http://127.0.0.1:${port}`,
      child,
      exited: once(child, 'exit').then(([code]) => code as number | null),
      output: () => output,
    };
    this.live.add(instance);
    void instance.exited.then(() => this.live.delete(instance));
    if (options.waitReady !== false) await this.waitReady(instance);
    return instance;
  }

  /** Ready: `GET /health/ready` answers 200 (Postgres and Kafka reachable, migrations done). */
  async waitReady(instance: Instance, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (instance.child.exitCode !== null || instance.child.signalCode !== null) break;
      const ok = await fetch(`${instance.url}/health/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
      await sleep(200);
    }
    throw new Error(`${instance.name} on ${instance.port} did not become ready:\n${instance.output()}`);
  }

  instances(name?: ServiceName): Instance[] {
    return [...this.live].filter((instance) => name === undefined || instance.name === name);
  }

  /** A running instance's address, for the load generator; undefined while none runs. */
  url(name: ServiceName): string | undefined {
    const running = this.instances(name);
    return running[Math.floor(Math.random() * running.length)]?.url;
  }

  /** Sends `signal` and waits for the process to be gone. SIGKILL: no shutdown hook runs. */
  async kill(instance: Instance, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (instance.child.exitCode === null && instance.child.signalCode === null) instance.child.kill(signal);
    await instance.exited;
  }

  /** SIGKILLs an instance and starts a new one of the same service on the same port. */
  async crashAndRestart(instance: Instance): Promise<Instance> {
    await this.kill(instance, 'SIGKILL');
    return this.start(instance.name, { port: instance.port });
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.instances().map(async (instance) => {
        instance.child.kill('SIGTERM');
        // A shutdown that hangs is cut short; the timer must not outlive the test either.
        const timer = setTimeout(() => instance.child.kill('SIGKILL'), 10_000);
        await instance.exited;
        clearTimeout(timer);
      }),
    );
    rmSync(this.bin, { recursive: true, force: true });
  }

  /** Outbox backlog and consumer lag of one service, as its `GET /health/consumers` reports them. */
  async backlog(name: ServiceName): Promise<{ outbox: number; lag: number }> {
    const url = this.url(name);
    if (!url) throw new Error(`no instance of ${name} runs`);
    const response = await fetch(`${url}/health/consumers`, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`${name}: GET /health/consumers answered ${response.status}`);
    const report = (await response.json()) as ConsumersReport;
    return { outbox: report.outboxBacklog, lag: report.consumers.reduce((sum, c) => sum + c.totalLag, 0) };
  }

  /**
   * Waits until every outbox is published and every consumer has applied everything on its topics,
   * twice in a row a second apart: a consumer's reaction (a partner activated, a project flagged)
   * appends events that travel on again, so one quiet moment is not yet the end.
   */
  async settle(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quiet = 0;
    let last = '';
    while (quiet < 2) {
      if (Date.now() > deadline) throw new Error(`the services did not settle: ${last}`);
      await sleep(1_000);
      try {
        const reports = await Promise.all(SERVICES.map(async (name) => [name, await this.backlog(name)] as const));
        last = JSON.stringify(Object.fromEntries(reports));
        quiet = reports.every(([, r]) => r.outbox === 0 && r.lag === 0) ? quiet + 1 : 0;
      } catch (error) {
        last = (error as Error).message;
        quiet = 0;
      }
    }
  }
}
