import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { openSync, rmSync } from 'node:fs';
import { SERVICE_NODE_OPTIONS, buildIfStale, entryOf, isReady } from '../../infra/apps';
import { join } from 'node:path';
import type { Role } from '../../../libs/platform/src/auth/roles';
import { devAuthEnvironment, devToken } from '../../auth/dev-auth';
import { kafkaDown, kafkaPid, kafkaUp, type Broker } from '../../infra/kafka';
import { ROOT, STATE_DIR, logFile } from '../../infra/state';
import { createDatabase, type BenchDatabase } from './database';
import { sleep } from './stats';

/**
 * The whole suite as `npm start` runs it (three services and the dashboard, built, as separate
 * processes), on ports, a database and a Kafka broker of the bench's own, so that nobody else's
 * services see its traffic and it sees none of theirs.
 *
 * The broker is private because the suite's topics have fixed names and every new consumer group
 * reads them from the beginning: a hundred thousand benchmark messages on the shared broker would
 * be replayed by every later test run on this machine for a week (the retention).
 */
export const SERVICE_NAMES = ['partner-service', 'agreement-service', 'project-service'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const BASE_PORT = Number(process.env.BENCH_PORT_BASE ?? 4100);
const BROKER: Broker = { name: 'kafka-bench', port: BASE_PORT + 92, controllerPort: BASE_PORT + 93 };

export interface RunningService {
  name: string;
  url: string;
  pid: number;
  child: ChildProcess;
}

export interface Suite {
  db: BenchDatabase;
  services: Record<ServiceName | 'dashboard', RunningService>;
  /** The bench's own broker; none with BENCH_KAFKA_BROKERS. */
  brokerPid?: number;
  token: (roles: Role[]) => Promise<string>;
  stop: () => Promise<void>;
}

const entry = entryOf;

async function launch(
  name: string,
  port: number,
  env: NodeJS.ProcessEnv,
  started: ChildProcess[],
): Promise<RunningService> {
  const log = openSync(logFile(`bench-${name}`), 'w');
  // BENCH_CPU_PROF=<dir>: each process writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, entry(name)], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  started.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; !(await isReady(url)); waited += 250) {
    if (child.exitCode !== null) throw new Error(`${name} exited during start-up; see ${logFile(`bench-${name}`)}`);
    if (waited > 90_000) throw new Error(`${name} was not ready after 90 s; see ${logFile(`bench-${name}`)}`);
    await sleep(250);
  }
  return { name, url, pid: child.pid!, child };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timeout = sleep(20_000).then(() => child.kill('SIGKILL'));
  await Promise.race([exited, timeout]);
}

export async function startSuite(): Promise<Suite> {
  // What is measured is what the sources say.
  buildIfStale([...SERVICE_NAMES, 'dashboard'], 'suite: building the services...');
  const brokers = process.env.BENCH_KAFKA_BROKERS ?? `127.0.0.1:${BROKER.port}`;
  if (!process.env.BENCH_KAFKA_BROKERS) await kafkaUp(BROKER);
  const db = await createDatabase('suite');
  const started: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map(stopChild));
    await db.drop();
    if (!process.env.BENCH_KAFKA_BROKERS) {
      await kafkaDown(BROKER);
      rmSync(join(STATE_DIR, BROKER.name), { recursive: true, force: true });
    }
  };
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...devAuthEnvironment(),
      DATABASE_URL: db.url,
      HOST: '127.0.0.1',
      KAFKA_BROKERS: brokers,
      KAFKA_GROUP_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
      // The default (1,000 writes a minute per client) is there for people; the bench is one client.
      WRITE_RATE_LIMIT_PER_MINUTE: '1000000000',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      // As npm start and the Docker image run them.
      NODE_OPTIONS: process.env.NODE_OPTIONS ?? SERVICE_NODE_OPTIONS,
    };
    // The three services at once, then the dashboard, whose views read their tables.
    const [partner, agreement, project] = await Promise.all(
      SERVICE_NAMES.map((name, i) => launch(name, BASE_PORT + 1 + i, env, started)),
    );
    const dashboard = await launch('dashboard', BASE_PORT, env, started);
    return {
      db,
      services: { 'partner-service': partner, 'agreement-service': agreement, 'project-service': project, dashboard },
      brokerPid: process.env.BENCH_KAFKA_BROKERS ? undefined : kafkaPid(BROKER),
      token: (roles) => devToken('bench', roles, '2h'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Waits until the suite is quiet: every outbox published and every consumer caught up (each
 * service's `GET /health/consumers`), so that one measurement does not queue behind another's
 * messages.
 */
export async function settle(suite: Suite, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const behind = await Promise.all(
      Object.values(suite.services).map(async ({ url }) => {
        const lag = (await (await fetch(`${url}/health/consumers`)).json()) as {
          outboxBacklog: number;
          consumers: { totalLag: number }[];
        };
        return lag.outboxBacklog + lag.consumers.reduce((sum, c) => sum + c.totalLag, 0);
      }),
    );
    if (behind.every((n) => n === 0)) return;
    if (Date.now() > deadline) throw new Error(`the suite did not settle: ${behind.join(', ')} messages behind`);
    await sleep(250);
  }
}
