/**
 * `npx tsx scripts/bench/profile/run.ts [write] [health] [lean] [cpu]`: CPU profiles of
 * partner-service (and of the lean server) under one load each, with the whole suite running as the
 * HTTP benchmark runs it (built services, dashboard, a broker of the bench's own, `LOG_LEVEL` info),
 * and where their time went (profile-summary.ts). `cpu` profiles nothing: after the warm-up it loads
 * `POST /partners` PROFILE_ROUNDS times (3) and prints each round's rate and CPU time per write from
 * /proc (partner-service, Postgres, the whole machine): an A/B of two builds, run in turn.
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
import { SERVICE_NODE_OPTIONS } from '../../infra/apps';
import { stateDir } from '../../infra/state';
import { LEAN, startLean, stopLean } from '../lean/lean';
import { format, summarise, type CpuProfile } from '../profile-summary';
import { Api } from '../support/api';
import { config } from '../support/config';
import { sleep } from '../support/stats';
import { CpuMeter, MACHINE, suiteMeter } from '../support/cpu';
import { startSuite, type RunningService, type Suite } from '../support/suite';
import { transpiled } from '../support/transpile';

const seconds = Number(process.env.PROFILE_SECONDS ?? 10);
const warmup = Number(process.env.PROFILE_WARMUP_SECONDS ?? 15);
const SCENARIOS = ['write', 'health', 'lean', 'cpu'] as const;
type Scenario = (typeof SCENARIOS)[number];

let n = 0;
const run = randomUUID().slice(0, 8);

async function load(url: string, token: string, write: boolean, duration: number): Promise<number> {
  const result = await autocannon({
    url: `${url}${write ? '/partners' : '/health'}`,
    method: write ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(write && { authorization: `Bearer ${token}` }) },
    connections: config.httpConnections,
    duration,
    requests: [
      {
        method: write ? 'POST' : 'GET',
        setupRequest: (request) =>
          write
            ? {
                ...request,
                body: JSON.stringify({
                  name: `Bench University ${run}-${n++}`,
                  type: 'university',
                  country: 'JP',
                  technologyAreas: ['ai'],
                }),
              }
            : request,
      },
    ],
  });
  return result['2xx'];
}

async function profiled(
  dir: string,
  target: RunningService,
  token: string,
  write: boolean,
  title: string,
): Promise<string> {
  await load(target.url, token, write, write ? warmup : Math.min(warmup, 5));
  const taken = (i: number) => join(dir, `${target.pid}-${i}.cpuprofile`);
  let i = 1;
  while (existsSync(taken(i))) i++;
  process.kill(target.pid, 'SIGUSR2');
  await sleep(200);
  const started = Date.now();
  const served = await load(target.url, token, write, seconds);
  const elapsed = (Date.now() - started) / 1000;
  process.kill(target.pid, 'SIGUSR2');
  for (let waited = 0; !existsSync(taken(i)); waited += 100) {
    if (waited > 30_000) throw new Error(`no profile from ${target.name}`);
    await sleep(100);
  }
  await sleep(500); // written in one call, but let it finish
  const profile = JSON.parse(readFileSync(taken(i), 'utf8')) as CpuProfile;
  const text = format(
    summarise([profile]),
    `${title}: ${(served / elapsed).toFixed(0)} requests/s (${served} in ${elapsed.toFixed(1)} s)`,
    served,
  );
  writeFileSync(join(dir, `${title.replace(/[^a-z0-9]+/gi, '-')}.txt`), `${text}\n`);
  return text;
}

/** Rate and CPU ms per write of POST /partners, round by round, after the warm-up. */
async function cpuRounds(suite: Suite, token: string): Promise<string> {
  const partner = suite.services['partner-service'];
  await load(partner.url, token, true, warmup);
  const meter = await suiteMeter(suite);
  const lines = ['round  writes/s  partner-service ms  Postgres ms  whole machine ms (CPU per write)'];
  for (let round = 1; round <= Number(process.env.PROFILE_ROUNDS ?? 3); round++) {
    const before = meter.read();
    const started = Date.now();
    const served = await load(partner.url, token, true, seconds);
    const elapsed = (Date.now() - started) / 1000;
    const spent = CpuMeter.spent(before, meter.read());
    const per = (name: string) => ((spent[name] ?? Number.NaN) / served).toFixed(2);
    lines.push(
      `${round}  ${(served / elapsed).toFixed(0)}  ${per('partner-service')}  ${per('Postgres')}  ${per(MACHINE)}`,
    );
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
  const hook = transpiled('scripts/bench/profile/hook.ts', 'profile-hook.js');
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? SERVICE_NODE_OPTIONS} --require ${hook}`;
  process.env.ACCORD_PROFILE_DIR = dir;
  let suite: Suite | undefined;
  let lean: RunningService | undefined;
  try {
    suite = await startSuite();
    const api = await Api.as(suite);
    const partner = suite.services['partner-service'];
    for (const scenario of scenarios) {
      if (scenario === 'cpu') console.log(await cpuRounds(suite, api.token));
      else if (scenario === 'lean') {
        lean ??= await startLean(suite, 1);
        console.log(await profiled(dir, lean, api.token, true, `${LEAN} POST /partners`));
      } else
        console.log(
          await profiled(
            dir,
            partner,
            api.token,
            scenario === 'write',
            `partner-service ${scenario === 'write' ? 'POST /partners' : 'GET /health'}`,
          ),
        );
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
