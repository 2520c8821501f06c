/**
 * `npm start` / `npm stop` / `npm run status`: the whole suite on one machine. Starts the local
 * Kafka, Postgres and identity provider, builds the services when their sources changed, gives each
 * service a database role of its own (see scripts/infra/dev-db-roles.ts), starts the three services
 * in the background (logs in .accord/logs/) and waits until each reports ready.
 */
import { spawn, spawnSync } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { devAuthEnvironment } from './auth/dev-auth';
import { demoUsersInWords, devIdentityEnvironment, devSessionSecret } from './auth/dev-identity';
import { SERVICE_NODE_OPTIONS, buildIfStale, entryOf, isReady } from './infra/apps';
import { ROLES } from './infra/db-roles';
import { provisionDevRoles } from './infra/dev-db-roles';
import { livePid, stopProcess, waitUntil, writePid } from './infra/processes';
import { ROOT, logFile, stateDir } from './infra/state';

const SERVICES = [
  { name: 'partner-service', port: Number(process.env.PARTNER_SERVICE_PORT ?? 3001) },
  { name: 'agreement-service', port: Number(process.env.AGREEMENT_SERVICE_PORT ?? 3002) },
  { name: 'project-service', port: Number(process.env.PROJECT_SERVICE_PORT ?? 3003) },
  // Last: its reporting views are built over the three services' tables.
  { name: 'dashboard', port: Number(process.env.DASHBOARD_PORT ?? 3000) },
];

const entry = entryOf;
const pidFile = (name: string) => join(stateDir('run'), `${name}.pid`);

function infra(verb: 'up' | 'down'): void {
  const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'infra.ts'), verb], {
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`infra ${verb} failed`);
}

const ready = (port: number) => isReady(`http://127.0.0.1:${port}`);

/** Each app's environment: with roles, its own DATABASE_URL and no role's password. */
function environment(name: string, port: number, databaseUrls?: Record<string, string>): NodeJS.ProcessEnv {
  // Tokens: the development secret, unless an identity provider's key is configured; beside it the
  // local identity provider, whose tokens the services verify and with which the dashboard signs in.
  const auth = process.env.AUTH_PUBLIC_KEY || process.env.AUTH_JWKS_FILE ? {} : devAuthEnvironment();
  const { OIDC_ISSUER, ...client } = devIdentityEnvironment();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...auth,
    OIDC_ISSUER,
    // Only the dashboard signs people in: its client credentials, and the key it encrypts their
    // sessions' tokens with, are its own (least privilege).
    ...(name === 'dashboard' && { ...client, SESSION_SECRET: devSessionSecret() }),
    PORT: String(port),
    NODE_OPTIONS: process.env.NODE_OPTIONS ?? SERVICE_NODE_OPTIONS,
  };
  if (!databaseUrls) return env;
  for (const { passwordVariable } of ROLES) delete env[passwordVariable];
  return { ...env, DATABASE_URL: databaseUrls[name] };
}

async function launch(services: typeof SERVICES, databaseUrls?: Record<string, string>): Promise<void> {
  for (const { name, port } of services) {
    if (livePid(pidFile(name), entry(name))) {
      console.log(`${name}: already running`);
      continue;
    }
    const log = openSync(logFile(name), 'a');
    const child = spawn(process.execPath, [entry(name)], {
      cwd: ROOT,
      env: environment(name, port, databaseUrls),
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
  buildIfStale(
    SERVICES.map(({ name }) => name),
    'build: compiling the services...',
  );
  const databaseUrls = await provisionDevRoles();
  // The three services first (in parallel), then the dashboard, whose views need their tables.
  await launch(
    SERVICES.filter(({ name }) => name !== 'dashboard'),
    databaseUrls,
  );
  await launch(
    SERVICES.filter(({ name }) => name === 'dashboard'),
    databaseUrls,
  );
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
  const dashboard = `http://localhost:${SERVICES[3].port}`;
  if (process.env.OIDC_ISSUER) console.log(`Sign in at ${dashboard} with ${process.env.OIDC_ISSUER}`);
  else {
    // A password of the user's own choosing is not printed.
    const password = process.env.IDP_DEMO_PASSWORD ? 'from IDP_DEMO_PASSWORD' : 'accord';
    console.log(`Sign in at ${dashboard} as ${demoUsersInWords()}, password ${password}`);
  }
  if (!process.env.AUTH_PUBLIC_KEY && !process.env.AUTH_JWKS_FILE)
    console.log('Tokens for scripts and curl: npm run -s token -- --role alliance_manager --sub <you>');
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
