/**
 * `npm run bench:scale-out`: the throughput of one instance of each service against two, on this
 * machine. For each count, the partner service and the agreement service (which consumes every
 * registration into its copy of the partner registry) run as that many processes, built, on a
 * database and a Kafka broker of the bench's own; a closed loop of CONCURRENCY clients registers
 * partners through all partner instances in turn (a load balancer's round robin) for SECONDS, and
 * the bench then waits until the agreement service has every registration. Prints, per count:
 * accepted writes a second, their latency, and registrations a second end to end (until the last
 * one reached the other service).
 *
 * Knobs: BENCH_SCALE_SECONDS (20), BENCH_SCALE_CONCURRENCY (32), BENCH_SCALE_INSTANCES (`1,2`: the
 * counts to measure, in that order), BENCH_KAFKA_BROKERS (a broker of
 * your own instead of the private one), DATABASE_URL (the server the throwaway database goes on;
 * by default the embedded Postgres, started if need be). The services are built if dist/ is stale.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { mintToken } from '../../libs/platform/src/auth/tokens';
import { kafkaDown, kafkaUp, type Broker } from '../infra/kafka';
import { buildIfStale, entryOf, isReady } from '../infra/apps';
import { STATE_DIR, logFile } from '../infra/state';
import { createDatabase } from './support/database';
import { percentile, sleep } from './support/stats';

const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_SCALE_CONCURRENCY ?? 32);
const COUNTS = (process.env.BENCH_SCALE_INSTANCES ?? '1,2').split(',').map(Number);
/** Private, so that its registrations are not replayed by every later test run on the shared broker. */
const BROKER: Broker = { name: 'kafka-scale-bench', port: 4392, controllerPort: 4393 };
const BASE_PORT = 4300;

interface Result {
  instances: number;
  accepted: number;
  failed: number;
  writesPerSecond: number;
  p50: number;
  p99: number;
  endToEndPerSecond: number;
}

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function launch(name: string, port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const log = openSync(logFile(`bench-scale-${name}-${port}`), 'w');
  const child = spawn(process.execPath, [entryOf(name)], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  for (let waited = 0; ; waited += 250) {
    if (await isReady(`http://127.0.0.1:${port}`)) return child;
    if (child.exitCode !== null || waited > 90_000) throw new Error(`${name} did not start; see its log`);
    await sleep(250);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** One round: `instances` of each service on a fresh database. */
async function round(instances: number, brokers: string): Promise<Result> {
  const db = await createDatabase('scale');
  const url = db.url;
  const secret = randomBytes(48).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    KAFKA_BROKERS: brokers,
    KAFKA_GROUP_PREFIX: `bench-scale-${randomUUID().slice(0, 8)}`,
    AUTH_JWT_SECRET: secret,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // The default (1,000 writes a minute per client) is there for people; the bench is one client.
    WRITE_RATE_LIMIT_PER_MINUTE: '1000000000',
  };
  const children: ChildProcess[] = [];
  try {
    const ports = (offset: number) => Array.from({ length: instances }, (_, i) => BASE_PORT + offset + i);
    const partnerPorts = ports(0);
    for (const [name, offset] of [
      ['partner-service', 0],
      ['agreement-service', 10],
    ] as const) {
      children.push(...(await Promise.all(ports(offset).map((port) => launch(name, port, env)))));
    }
    const token = await mintToken({
      subject: 'bench',
      roles: ['alliance_manager'],
      secret,
      issuer: 'accord',
      audience: 'accord',
    });
    const run = randomUUID().slice(0, 8);
    let turn = 0;
    let accepted = 0;
    let failed = 0;
    const latencies: number[] = [];
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline) {
          const n = turn++;
          const sent = performance.now();
          const response = await fetch(`http://127.0.0.1:${partnerPorts[n % instances]}/partners`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ name: `Bench ${run} ${n}`, type: 'university', country: 'JP', tier: 'key' }),
          }).catch(() => undefined);
          await response?.arrayBuffer();
          if (response?.status === 201) {
            accepted++;
            latencies.push(performance.now() - sent);
          } else failed++;
        }
      }),
    );
    const writing = (performance.now() - started) / 1000;
    // End to end: until the agreement service has consumed every registration.
    for (;;) {
      const [{ n }] = await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM agreement.known_partners');
      if (n >= accepted) break;
      if (performance.now() - started > (SECONDS + 300) * 1000) throw new Error(`only ${n} of ${accepted} consumed`);
      await sleep(100);
    }
    const endToEnd = (performance.now() - started) / 1000;
    return {
      instances,
      accepted,
      failed,
      writesPerSecond: accepted / writing,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      endToEndPerSecond: accepted / endToEnd,
    };
  } finally {
    await Promise.all(children.map(stop));
    await db.drop();
  }
}

async function main(): Promise<void> {
  // What is measured is what the sources say.
  buildIfStale(['partner-service', 'agreement-service'], 'building the services...');
  const brokers = process.env.BENCH_KAFKA_BROKERS ?? `127.0.0.1:${BROKER.port}`;
  if (!process.env.BENCH_KAFKA_BROKERS) await kafkaUp(BROKER);
  try {
    const results: Result[] = [];
    for (const instances of COUNTS) {
      process.stdout.write(`${instances} instance(s) of each service, ${CONCURRENCY} clients, ${SECONDS} s...\n`);
      results.push(await round(instances, brokers));
    }
    const row = (r: Result) =>
      `| ${r.instances} | ${Math.round(r.writesPerSecond)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.failed} | ${Math.round(r.endToEndPerSecond)} |`;
    console.log(
      [
        '',
        '| instances of each service | registrations/s accepted | p50 ms | p99 ms | failed | registrations/s end to end |',
        '| --: | --: | --: | --: | --: | --: |',
        ...results.map(row),
        '',
      ].join('\n'),
    );
  } finally {
    if (!process.env.BENCH_KAFKA_BROKERS) {
      await kafkaDown(BROKER);
      rmSync(join(STATE_DIR, BROKER.name), { recursive: true, force: true });
    }
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
