/**
 * `npx tsx scripts/bench/profile/run.ts [write] [health] [lean] [cpu] [draft] [cpu-draft]`: CPU
 * profiles of partner-service (and of the lean server) under one load each, with the whole suite running as the
 * HTTP benchmark runs it (built services, dashboard, a broker of the bench's own, `LOG_LEVEL` info),
 * and where their time went (profile-summary.ts). `cpu` profiles nothing: after the warm-up it loads
 * `POST /partners` PROFILE_ROUNDS times (3) and prints each round's rate and CPU time per write from
 * /proc (each service, the broker, Postgres, the whole machine): an A/B of two builds, run in turn.
 * `draft` and `cpu-draft` do the same for `POST /agreements`, profiling agreement-service and the
 * two services that take its messages in (project-service's copy, partner-service's activity).
 *
 * Each scenario: a warm-up load (PROFILE_WARMUP_SECONDS, 15; 5 for /health), then the profiler on
 * (SIGUSR2 to the process, which profile/hook.ts handles), a load of PROFILE_SECONDS (10) with
 * autocannon at BENCH_HTTP_CONNECTIONS (10) and a fresh body a request, the profiler off. The
 * profiles and the summaries go to .accord/bench/profiles/<time>/.
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { SERVICE_NODE_OPTIONS, buildIfStale } from '../../infra/apps';
import { stateDir } from '../../infra/state';
import { LEAN, startLean, stopLean } from '../lean/lean';
import { format, summarise, type CpuProfile } from '../profile-summary';
import { Api, draftRequest } from '../support/api';
import { config } from '../support/config';
import { sleep } from '../support/stats';
import { CpuMeter, MACHINE, suiteMeter } from '../support/cpu';
import { SERVICE_NAMES, startSuite, type RunningService, type ServiceName, type Suite } from '../support/suite';
import { transpiled } from '../support/transpile';

const seconds = Number(process.env.PROFILE_SECONDS ?? 10);
const warmup = Number(process.env.PROFILE_WARMUP_SECONDS ?? 15);
const SCENARIOS = ['write', 'health', 'lean', 'cpu', 'draft', 'cpu-draft'] as const;
type Scenario = (typeof SCENARIOS)[number];

let n = 0;
const run = randomUUID().slice(0, 8);

/** What a scenario loads: a route, and a fresh body a request for a write. */
interface Load {
  method: 'GET' | 'POST';
  path: string;
  body?: () => object;
}

const REGISTRATION: Load = {
  method: 'POST',
  path: '/partners',
  body: () => ({ name: `Bench University ${run}-${n++}`, type: 'university', country: 'JP', technologyAreas: ['ai'] }),
};
const HEALTH: Load = { method: 'GET', path: '/health' };
const draft = (partnerId: string): Load => ({
  method: 'POST',
  path: '/agreements',
  body: () => draftRequest([partnerId]),
});

async function load(url: string, token: string, route: Load, duration: number): Promise<number> {
  const result = await autocannon({
    url: `${url}${route.path}`,
    method: route.method,
    headers: { 'content-type': 'application/json', ...(route.body && { authorization: `Bearer ${token}` }) },
    connections: config.httpConnections,
    duration,
    requests: [
      {
        method: route.method,
        setupRequest: (request) => (route.body ? { ...request, body: JSON.stringify(route.body()) } : request),
      },
    ],
  });
  return result['2xx'];
}

/**
 * Profiles `targets` (the loaded service first) while `route` of the first is loaded, and writes
 * each one's summary: a write's cost in the services that take its messages in, too.
 */
async function profiled(dir: string, targets: RunningService[], token: string, route: Load, title: string) {
  const [loaded] = targets;
  await load(loaded.url, token, route, route.body ? warmup : Math.min(warmup, 5));
  const next = (target: RunningService) => {
    let i = 1;
    while (existsSync(join(dir, `${target.pid}-${i}.cpuprofile`))) i++;
    return join(dir, `${target.pid}-${i}.cpuprofile`);
  };
  const files = targets.map(next);
  for (const target of targets) process.kill(target.pid, 'SIGUSR2');
  await sleep(200);
  const started = Date.now();
  const served = await load(loaded.url, token, route, seconds);
  const elapsed = (Date.now() - started) / 1000;
  for (const target of targets) process.kill(target.pid, 'SIGUSR2');
  const texts: string[] = [];
  for (const [i, target] of targets.entries()) {
    for (let waited = 0; !existsSync(files[i]); waited += 100) {
      if (waited > 30_000) throw new Error(`no profile from ${target.name}`);
      await sleep(100);
    }
    await sleep(500); // written in one call, but let it finish
    const profile = JSON.parse(readFileSync(files[i], 'utf8')) as CpuProfile;
    const heading = `${target.name} under ${title}: ${(served / elapsed).toFixed(0)} requests/s (${served} in ${elapsed.toFixed(1)} s)`;
    const text = format(summarise([profile]), heading, served);
    writeFileSync(join(dir, `${target.name}-${title.replace(/[^a-z0-9]+/gi, '-')}.txt`), `${text}\n`);
    texts.push(text);
  }
  return texts.join('\n\n');
}

/** Rate and CPU ms per write of one write route, round by round, after the warm-up. */
async function cpuRounds(suite: Suite, token: string, service: ServiceName, route: Load): Promise<string> {
  const loaded = suite.services[service];
  await load(loaded.url, token, route, warmup);
  const meter = await suiteMeter(suite);
  const shown = [
    'partner-service',
    'agreement-service',
    'project-service',
    'dashboard',
    'Kafka broker',
    'Postgres',
    MACHINE,
  ];
  const lines = [`${route.method} ${route.path}, CPU ms per write`, ['round', 'writes/s', ...shown].join('  ')];
  for (let round = 1; round <= Number(process.env.PROFILE_ROUNDS ?? 3); round++) {
    const before = meter.read();
    const started = Date.now();
    const served = await load(loaded.url, token, route, seconds);
    const elapsed = (Date.now() - started) / 1000;
    const spent = CpuMeter.spent(before, meter.read());
    const per = (name: string) => ((spent[name] ?? Number.NaN) / served).toFixed(2);
    lines.push([String(round), (served / elapsed).toFixed(0), ...shown.map(per)].join('  '));
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2) as Scenario[];
  const unknown = asked.filter((s) => !SCENARIOS.includes(s));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; scenarios: ${SCENARIOS.join(', ')}`);
  const scenarios = asked.length > 0 ? asked : (['write', 'health'] as Scenario[]);
  const dir = stateDir('bench', 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  // Built before the services' NODE_OPTIONS (their 128 MB heap) are set: a build needs more.
  buildIfStale([...SERVICE_NAMES, 'dashboard'], 'profile: building the services...');
  const hook = transpiled('scripts/bench/profile/hook.ts', 'profile-hook.js');
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? SERVICE_NODE_OPTIONS} --require ${hook}`;
  process.env.ACCORD_PROFILE_DIR = dir;
  let suite: Suite | undefined;
  let lean: RunningService | undefined;
  try {
    suite = await startSuite();
    const api = await Api.as(suite);
    const partner = suite.services['partner-service'];
    const agreement = suite.services['agreement-service'];
    const drafts = scenarios.some((s) => s.endsWith('draft')) ? draft(await api.registerPartner()) : undefined;
    for (const scenario of scenarios) {
      if (scenario === 'cpu') console.log(await cpuRounds(suite, api.token, 'partner-service', REGISTRATION));
      else if (scenario === 'cpu-draft') console.log(await cpuRounds(suite, api.token, 'agreement-service', drafts!));
      else if (scenario === 'lean') {
        lean ??= await startLean(suite, 1);
        console.log(await profiled(dir, [lean], api.token, REGISTRATION, `${LEAN} POST /partners`));
      } else if (scenario === 'draft') {
        const others = [suite.services['project-service'], partner];
        console.log(await profiled(dir, [agreement, ...others], api.token, drafts!, 'POST /agreements'));
      } else {
        const route = scenario === 'write' ? REGISTRATION : HEALTH;
        console.log(await profiled(dir, [partner], api.token, route, `${route.method} ${route.path}`));
      }
    }
    console.log(`\nProfiles and summaries in ${dir}`);
  } finally {
    if (lean) await stopLean(lean);
    await suite?.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
