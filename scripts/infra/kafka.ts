import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { livePid, portOpen, stopProcess, waitUntil, writePid } from './processes';
import { ROOT, logFile, stateDir } from './state';

/**
 * A real single-node Apache Kafka broker (KRaft) run from its Maven Central jars, for machines
 * without Docker. Maven resolves the jars once (cached in ~/.m2 and in the state folder).
 */
const POM = join(ROOT, 'infra', 'kafka', 'pom.xml');
const TEMPLATE = join(ROOT, 'infra', 'kafka', 'server.properties');
const LOG4J = join(ROOT, 'infra', 'kafka', 'log4j.properties');
const MAIN_CLASS = 'kafka.Kafka';

/**
 * One broker on this machine. The suite's broker is `kafka` on 9092; fault-injection tests start
 * brokers of their own (other name, other ports) so that stopping one never disturbs other tests.
 */
export interface Broker {
  name: string;
  port: number;
  controllerPort: number;
  /**
   * Clients must authenticate with SCRAM-SHA-256 on `port` (SASL_PLAINTEXT); the broker talks to
   * itself, and answers the readiness probe, on a plaintext listener at `internalPort`.
   */
  scram?: { username: string; password: string; internalPort: number };
}

export const defaultBroker: Broker = { name: 'kafka', port: 9092, controllerPort: 9093 };
export const kafkaBrokers = `127.0.0.1:${defaultBroker.port}`;

function paths(broker: Broker) {
  const home = stateDir(broker.name);
  return {
    home,
    // Jars are shared by every broker of this checkout.
    lib: join(stateDir('kafka'), 'lib'),
    data: stateDir(broker.name, 'data'),
    config: join(home, 'server.properties'),
    pidFile: join(home, 'kafka.pid'),
    log: logFile(broker.name),
  };
}

/** Only the suite's own broker gives way to KAFKA_BROKERS; a test's private broker always runs. */
const external = (broker: Broker) => broker === defaultBroker && Boolean(process.env.KAFKA_BROKERS);

/** The jars are copied once per pom content: editing the pom (a new Kafka version) fetches again. */
function ensureJars(lib: string): void {
  const stamp = join(lib, '.pom');
  const pom = readFileSync(POM, 'utf8');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === pom) return;
  console.log('kafka: resolving the broker jars with Maven (first run only)...');
  const mvn = spawnSync(
    'mvn',
    [
      '-B',
      '-q',
      '-Dstyle.color=never',
      '-f',
      POM,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${lib}`,
      '-DincludeScope=runtime',
    ],
    { encoding: 'utf8' },
  );
  if (mvn.status !== 0) process.stderr.write(`${mvn.stdout}${mvn.stderr}`);
  if (mvn.error) throw new Error(`kafka: cannot run Maven (${mvn.error.message}); install JDK 17+ and Maven 3.8+`);
  if (mvn.status !== 0) throw new Error(`kafka: Maven could not resolve the broker jars (exit ${mvn.status})`);
  writeFileSync(stamp, pom);
}

function java(args: string[], options: { stdio: 'inherit' | 'ignore' }) {
  const run = spawnSync('java', args, options);
  if (run.error) throw new Error(`kafka: cannot run java (${run.error.message}); install JDK 17+`);
  return run;
}

/** Formats the KRaft storage the first time; `--ignore-formatted` makes later runs a no-op. */
function formatStorage(p: ReturnType<typeof paths>, broker: Broker): void {
  let config = readFileSync(TEMPLATE, 'utf8')
    .replace('@LOG_DIRS@', p.data)
    .replaceAll(':9092', `:${broker.port}`)
    .replaceAll(':9093', `:${broker.controllerPort}`);
  if (broker.scram) {
    // Later keys win in a properties file: these replace the plaintext listeners of the template.
    const { internalPort } = broker.scram;
    config += [
      '',
      '# Clients authenticate with SCRAM-SHA-256; the broker itself uses the internal listener.',
      `listeners=INTERNAL://127.0.0.1:${internalPort},SASL_PLAINTEXT://127.0.0.1:${broker.port},CONTROLLER://127.0.0.1:${broker.controllerPort}`,
      `advertised.listeners=INTERNAL://127.0.0.1:${internalPort},SASL_PLAINTEXT://127.0.0.1:${broker.port}`,
      'listener.security.protocol.map=INTERNAL:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name=INTERNAL',
      'sasl.enabled.mechanisms=SCRAM-SHA-256',
      'listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
      '',
    ].join('\n');
  }
  writeFileSync(p.config, config);
  if (existsSync(join(p.data, 'meta.properties'))) return;
  const scram = broker.scram
    ? ['--add-scram', `SCRAM-SHA-256=[name=${broker.scram.username},password=${broker.scram.password}]`]
    : [];
  const format = java(
    [
      '-cp',
      `${p.lib}/*`,
      `-Dlog4j.configuration=file:${LOG4J}`,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      randomUUID().replace(/-/g, '').slice(0, 22),
      '-c',
      p.config,
      ...scram,
      '--ignore-formatted',
    ],
    { stdio: 'ignore' },
  );
  if (format.status !== 0) throw new Error('kafka: formatting the KRaft storage failed');
}

/** Ready means a client can fetch cluster metadata, not merely that the port is open. */
export async function kafkaAnswers(port = defaultBroker.port, timeoutMs = 2_000): Promise<boolean> {
  const admin = new Kafka({
    brokers: [`127.0.0.1:${port}`],
    clientId: 'accord-infra',
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The process of a broker this checkout started, if it runs. */
export function kafkaPid(broker = defaultBroker): number | undefined {
  return livePid(paths(broker).pidFile, MAIN_CLASS);
}

export async function kafkaUp(broker = defaultBroker): Promise<void> {
  const { name, port } = broker;
  if (external(broker)) {
    console.log(`${name}: using KAFKA_BROKERS; no local broker started`);
    return;
  }
  const p = paths(broker);
  if (kafkaPid(broker)) {
    console.log(`${name}: already running on 127.0.0.1:${port}`);
    return;
  }
  if (await portOpen(port)) {
    throw new Error(`${name}: port ${port} is taken by another process; stop it or use KAFKA_BROKERS to point at it`);
  }
  ensureJars(p.lib);
  formatStorage(p, broker);

  const out = openSync(p.log, 'a');
  const heap = process.env.KAFKA_HEAP_OPTS ?? '-Xms256m -Xmx768m';
  const child = spawn(
    'java',
    [
      ...heap.split(/\s+/),
      '-XX:+UseSerialGC',
      '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${LOG4J}`,
      '-cp',
      `${p.lib}/*`,
      MAIN_CLASS,
      p.config,
    ],
    // Detached with its own session so that it outlives this script and Ctrl-C in the terminal.
    { detached: true, stdio: ['ignore', out, out] },
  );
  child.unref();
  if (!child.pid) throw new Error(`${name}: the broker did not start`);
  writePid(p.pidFile, child.pid);

  const started = Date.now();
  const ready = await waitUntil(
    async () => {
      if (!kafkaPid(broker)) throw new Error(`${name}: the broker exited; see ${p.log}`);
      return kafkaAnswers(broker.scram?.internalPort ?? port);
    },
    90_000,
    250,
  );
  if (!ready) throw new Error(`${name}: no answer on 127.0.0.1:${port} after 90 s; see ${p.log}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${name}: ready on 127.0.0.1:${port} in ${seconds} s (log: ${p.log})`);
}

export async function kafkaDown(broker = defaultBroker): Promise<void> {
  if (external(broker)) return;
  const pid = kafkaPid(broker);
  if (!pid) {
    console.log(`${broker.name}: not running`);
    return;
  }
  // A broker shuts down cleanly on SIGTERM (flushes its logs, leaves the quorum) within a few seconds.
  const how = await stopProcess(pid, 30_000);
  console.log(`${broker.name}: ${how}`);
}

/** A crash, for the fault suite: SIGKILL, no flush, no leaving the quorum. The next `up` recovers its logs. */
export async function kafkaKill(broker = defaultBroker): Promise<void> {
  if (external(broker)) return;
  const pid = kafkaPid(broker);
  if (!pid) {
    console.log(`${broker.name}: not running`);
    return;
  }
  process.kill(pid, 'SIGKILL');
  await waitUntil(() => Promise.resolve(!kafkaPid(broker)), 10_000, 100);
  console.log(`${broker.name}: killed (pid ${pid})`);
}

export function kafkaStatus(): string {
  if (process.env.KAFKA_BROKERS) return `kafka: external (KAFKA_BROKERS=${process.env.KAFKA_BROKERS})`;
  const p = paths(defaultBroker);
  const pid = kafkaPid();
  const jars = existsSync(p.lib) ? readdirSync(p.lib).filter((f) => f.endsWith('.jar')).length : 0;
  return pid
    ? `kafka: running (pid ${pid}) on ${kafkaBrokers}; log ${p.log}`
    : `kafka: stopped (${jars} jars cached); log ${p.log}`;
}
