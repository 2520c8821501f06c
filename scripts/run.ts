/**
 * `npm start` / `npm stop` / `npm run status`: the whole suite on one machine. Starts the local
 * Kafka and Postgres, builds the services when their sources changed, starts the three services in
 * the background (logs in .accord/logs/) and waits until each reports ready.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { livePid, stopProcess, waitUntil, writePid } from './infra/processes';
import { ROOT, logFile, stateDir } from './infra/state';

const SERVICES = [
  { name: 'partner-service', port: Number(process.env.PARTNER_SERVICE_PORT ?? 3001) },
  { name: 'agreement-service', port: Number(process.env.AGREEMENT_SERVICE_PORT ?? 3002) },
  { name: 'project-service', port: Number(process.env.PROJECT_SERVICE_PORT ?? 3003) },
  // Last: its reporting views are built over the three services' tables.
  { name: 'dashboard', port: Number(process.env.DASHBOARD_PORT ?? 3000) },
];

const entry = (name: string) => join(ROOT, 'dist', 'apps', name, 'main.js');
const pidFile = (name: string) => join(stateDir('run'), `${name}.pid`);

function newestSource(dir: string): number {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (item.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfStale(): void {
  const sources = Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')));
  const stale = SERVICES.some(({ name }) => !existsSync(entry(name)) || statSync(entry(name)).mtimeMs < sources);
  if (!stale) return;
  console.log('build: compiling the services...');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('build failed');
}

function infra(verb: 'up' | 'down'): void {
  const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'infra.ts'), verb], {
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`infra ${verb} failed`);
}

async function ready(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function launch(services: typeof SERVICES): Promise<void> {
  for (const { name, port } of services) {
    if (livePid(pidFile(name), entry(name))) {
      console.log(`${name}: already running`);
      continue;
    }
    const log = openSync(logFile(name), 'a');
    const child = spawn(process.execPath, [entry(name)], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port) },
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.unref();
    writePid(pidFile(name), child.pid!);
  }
  for (const { name, port } of services) {
    const ok = await waitUntil(async () => {
      if (!livePid(pidFile(name), entry(name))) throw new Error(`${name} exited during start-up; see ${logFile(name)}`);
      return ready(port);
    }, 60_000);
    if (!ok) throw new Error(`${name} was not ready after 60 s; see ${logFile(name)}`);
    const where = name === 'dashboard' ? '' : ` (OpenAPI: http://127.0.0.1:${port}/docs)`;
    console.log(`${name}: ready at http://127.0.0.1:${port}${where}`);
  }
}

async function start(): Promise<void> {
  const began = Date.now();
  infra('up');
  buildIfStale();
  // The three services first (in parallel), then the dashboard, whose views need their tables.
  await launch(SERVICES.filter(({ name }) => name !== 'dashboard'));
  await launch(SERVICES.filter(({ name }) => name === 'dashboard'));
  // Demo data from the domain's real cases; idempotent, so every start may run it.
  if (process.env.ACCORD_SEED !== '0') {
    const seed = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'seed.ts')], {
      stdio: 'inherit',
      env: {
        ...process.env,
        PARTNER_SERVICE_PORT: String(SERVICES[0].port),
        AGREEMENT_SERVICE_PORT: String(SERVICES[1].port),
        PROJECT_SERVICE_PORT: String(SERVICES[2].port),
      },
    });
    if (seed.status !== 0) throw new Error('seeding the demo data failed');
  }
  console.log(
    `Accord is up in ${((Date.now() - began) / 1000).toFixed(1)} s. Logs: ${join(stateDir('logs'))}. Stop with: npm stop`,
  );
}

async function stop(): Promise<void> {
  // Services first, so that none is left talking to a broker or database that is going away.
  await Promise.all(
    SERVICES.map(async ({ name }) => {
      const pid = livePid(pidFile(name), entry(name));
      if (!pid) return console.log(`${name}: not running`);
      console.log(`${name}: ${await stopProcess(pid, 15_000)}`);
    }),
  );
  infra('down');
}

async function status(): Promise<void> {
  for (const { name, port } of SERVICES) {
    const pid = livePid(pidFile(name), entry(name));
    const state = pid ? ((await ready(port)) ? 'ready' : 'running, not ready') : 'stopped';
    console.log(`${name}: ${state}${pid ? ` (pid ${pid}, port ${port})` : ''}; log ${logFile(name)}`);
  }
  spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'infra.ts'), 'status'], {
    stdio: 'inherit',
  });
}

const verbs: Record<string, () => Promise<void>> = { start, stop, status };
const verb = process.argv[2] ?? '';
if (!verbs[verb]) {
  console.error('usage: run.ts start|stop|status');
  process.exit(2);
}
verbs[verb]().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
