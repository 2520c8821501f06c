/**
 * HTTP: autocannon against each service's main write route (creating its aggregate) and main read
 * route (one aggregate by id), with the whole suite running and taking in what each write
 * publishes; next to the same service's `/health`, the framework's ceiling (Nest, Fastify, the
 * middleware every route passes, no authentication, no database). And in the same rounds the lean
 * limit (lean/server.ts): a bare `node:http` + `pg` server making a registration's three writes in
 * one transaction, and its `/health`: what this machine allows with nothing in between.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import { Api, draftRequest } from './support/api';
import { config } from './support/config';
import { CpuMeter, LOAD_GENERATOR, MACHINE, suiteMeter } from './support/cpu';
import { LEAN, startLean, stopLean } from './lean/lean';
import { check, ms, percent, ratio, type Check, type PartReport, type Table } from './support/report';
import type { RunningService, ServiceName, Suite } from './support/suite';
import { median, whole } from './support/stats';

interface Route {
  label: 'write' | 'read' | '/health';
  method: 'GET' | 'POST';
  path: string;
  /** A fresh body per request: creates must not collide (the partner directory refuses duplicates). */
  body?: (n: number) => object;
  authorized: boolean;
}

interface Figures {
  rate: number;
  p50: number;
  p99: number;
  failed: number;
  /** Responses with a 2xx status. */
  served: number;
}

/** What the lean limit is loaded with: the write partner-service's is loaded with, and its `/health`. */
type Target = ServiceName | typeof LEAN;

const registration = (run: string) => (n: number) => ({
  name: `Bench University ${run}-${n}`,
  type: 'university',
  country: 'JP',
  technologyAreas: ['ai'],
});

/** What each service's routes need: a partner, and a signed agreement for projects to stand on. */
async function routes(api: Api): Promise<Record<Target, Route[]>> {
  const partnerId = await api.registerPartner();
  const agreementId = await api.agreement(partnerId, 'signed');
  const project = await api.okOnceKnown(
    'project-service',
    'POST',
    '/projects',
    projectRequest(agreementId, partnerId, 0),
  );
  const run = randomUUID().slice(0, 8);
  const health: Route = { label: '/health', method: 'GET', path: '/health', authorized: false };
  return {
    'partner-service': [
      { label: 'write', method: 'POST', path: '/partners', body: registration(run), authorized: true },
      { label: 'read', method: 'GET', path: `/partners/${partnerId}`, authorized: true },
      health,
    ],
    'agreement-service': [
      { label: 'write', method: 'POST', path: '/agreements', body: () => draftRequest([partnerId]), authorized: true },
      { label: 'read', method: 'GET', path: `/agreements/${agreementId}`, authorized: true },
      health,
    ],
    'project-service': [
      {
        label: 'write',
        method: 'POST',
        path: '/projects',
        body: (n) => projectRequest(agreementId, partnerId, n),
        authorized: true,
      },
      { label: 'read', method: 'GET', path: `/projects/${project.body.id as string}`, authorized: true },
      health,
    ],
    // The same bodies (its own run: its directory is its own) and the same token, which it ignores.
    [LEAN]: [
      { label: 'write', method: 'POST', path: '/partners', body: registration(`lean-${run}`), authorized: true },
      health,
    ],
  };
}

const projectRequest = (agreementId: string, partnerId: string, n: number) => ({
  title: `Bench project ${randomUUID().slice(0, 8)}-${n}`,
  agreementIds: [agreementId],
  leadPartnerIds: [partnerId],
  technologyAreas: ['ai'],
  budget: { amount: 1_000_000, currency: 'JPY' },
});

/** Numbers the bodies across every load of a run: a name used in the warm-up is taken. */
let n = 0;

async function load(url: string, route: Route, token: string, seconds: number): Promise<Figures> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (route.authorized) headers.authorization = `Bearer ${token}`;
  const result = await autocannon({
    url: `${url}${route.path}`,
    method: route.method,
    headers,
    connections: config.httpConnections,
    duration: seconds,
    requests: [
      {
        method: route.method,
        setupRequest: (request) => (route.body ? { ...request, body: JSON.stringify(route.body(n++)) } : request),
      },
    ],
  });
  return {
    rate: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors,
    served: result['2xx'],
  };
}

export async function httpBench(suite: Suite, rounds = config.suiteRounds): Promise<PartReport> {
  process.stdout.write(
    `http: starting the lean limit (${config.events.toLocaleString('en')} events in its store)...\n`,
  );
  const lean = await startLean(suite, config.events);
  try {
    return await measure(suite, lean, rounds);
  } finally {
    await stopLean(lean);
  }
}

async function measure(suite: Suite, lean: RunningService, rounds: number): Promise<PartReport> {
  const api = await Api.as(suite);
  const byService = await routes(api);
  const urls: Record<Target, string> = {
    'partner-service': suite.services['partner-service'].url,
    'agreement-service': suite.services['agreement-service'].url,
    'project-service': suite.services['project-service'].url,
    [LEAN]: lean.url,
  };
  const samples = new Map<string, Figures[]>();
  const key = (service: Target, route: Route) => `${service} ${route.label}`;
  // What one write costs each process of the suite (and the lean server), per round.
  const meter = await suiteMeter(suite, { [LEAN]: lean.pid });
  const cpu = new Map<Target, Record<string, number>[]>();
  // Warm-up (config.httpWarmupSeconds): the writes run through every process of the suite.
  for (const [service, list] of Object.entries(byService) as [Target, Route[]][]) {
    for (const route of list) {
      const seconds = route.label === 'write' ? config.httpWarmupSeconds : 1;
      await load(urls[service], route, api.token, seconds);
    }
  }
  for (let round = 1; round <= rounds; round++) {
    for (const [service, list] of Object.entries(byService) as [Target, Route[]][]) {
      // Rotating order: no route always runs right after another service's writes settled.
      const shift = round % list.length;
      for (const route of [...list.slice(shift), ...list.slice(0, shift)]) {
        const before = meter.read();
        const figures = await load(urls[service], route, api.token, config.httpSeconds);
        samples.set(key(service, route), [...(samples.get(key(service, route)) ?? []), figures]);
        if (route.label === 'write') {
          const spent = CpuMeter.spent(before, meter.read());
          const perWrite = Object.fromEntries(Object.entries(spent).map(([name, ms]) => [name, ms / figures.served]));
          cpu.set(service, [...(cpu.get(service) ?? []), perWrite]);
        }
      }
    }
    process.stdout.write(`http: round ${round}/${rounds} done\n`);
  }

  const rows: string[][] = [];
  const checks: Check[] = [];
  const data: Record<string, unknown> = {};
  const leanWrite = summary(samples.get(key(LEAN, byService[LEAN][0]))!);
  const leanHealth = summary(samples.get(key(LEAN, byService[LEAN][1]))!);
  const leanRows: string[][] = [];
  for (const [service, list] of Object.entries(byService) as [Target, Route[]][]) {
    const health = summary(samples.get(key(service, list[list.length - 1]))!);
    if (service === LEAN) {
      for (const route of list) {
        const s = summary(samples.get(key(service, route))!);
        data[key(service, route)] = { ...s, samples: samples.get(key(service, route)) };
        leanRows.push([
          LEAN,
          `${route.method} ${route.path}`,
          whole(s.rate),
          ms(s.p50),
          ms(s.p99),
          route.label === '/health' ? '100 %' : percent(ratio(s.rate, health.rate)),
          '100 %',
          whole(s.failed),
        ]);
      }
      continue;
    }
    for (const route of list) {
      const s = summary(samples.get(key(service, route))!);
      data[key(service, route)] = { ...s, samples: samples.get(key(service, route)) };
      const share = route.label === '/health' ? '100 %' : percent(ratio(s.rate, health.rate));
      rows.push([
        service,
        `${route.method} ${route.path.replace(/[0-9a-f-]{36}/, ':id')}`,
        whole(s.rate),
        ms(s.p50),
        ms(s.p99),
        share,
        whole(s.failed),
      ]);
      if (route.label === 'read') continue;
      const lean = route.label === 'write' ? leanWrite : leanHealth;
      leanRows.push([
        service,
        `${route.method} ${route.path}`,
        whole(s.rate),
        ms(s.p50),
        ms(s.p99),
        share,
        percent(ratio(s.rate, lean.rate)),
        whole(s.failed),
      ]);
      if (route.label === '/health') {
        checks.push(
          check(
            `${service} /health ≥ 30 % of the lean limit's`,
            percent(ratio(s.rate, leanHealth.rate)),
            ratio(s.rate, leanHealth.rate) >= 0.3,
          ),
        );
        continue;
      }
      checks.push(check(`${service} write ≥ 1,000 commands/s`, `${whole(s.rate)}/s`, s.rate >= 1_000));
      checks.push(
        check(
          `${service} write ≥ 30 % of the lean limit's writes`,
          percent(ratio(s.rate, leanWrite.rate)),
          ratio(s.rate, leanWrite.rate) >= 0.3,
        ),
      );
      checks.push(check(`${service} write p99 < 50 ms`, ms(s.p99), s.p99 < 50));
      checks.push(
        check(
          `${service} write ≥ 25 % of /health`,
          percent(ratio(s.rate, health.rate)),
          ratio(s.rate, health.rate) >= 0.25,
        ),
      );
    }
  }
  const costs = cpuTable(cpu, rounds);
  data.cpuPerWrite = Object.fromEntries(cpu);
  return {
    part: 'http',
    tables: [
      {
        title: `HTTP, whole suite running (${config.httpConnections} connections, ${config.httpSeconds} s a route, median of ${rounds} rounds)`,
        columns: ['service', 'route', 'requests/s', 'p50', 'p99', 'of /health', 'failed'],
        textColumns: 2,
        rows,
      },
      {
        title: `Against the lean limit (the same rounds: ${config.httpConnections} connections, ${config.httpSeconds} s a route, median of ${rounds} rounds)`,
        columns: ['server', 'route', 'requests/s', 'p50', 'p99', 'of own /health', 'of the lean limit', 'failed'],
        textColumns: 2,
        rows: leanRows,
        notes: [
          `The lean limit (scripts/bench/lean/server.ts) is a bare node:http + pg server (a pool of 10, as a service's) ` +
            `that registers a partner with partner-service's three writes in one transaction (BEGIN, the event, the ` +
            `directory row, the outbox row with its NOTIFY, COMMIT; named statements; fsync on), into copies of ` +
            `partner-service's tables (LIKE ... INCLUDING ALL) holding as many events; no framework, auth, logging, ` +
            `tracing, metrics or rate limit, and nothing takes its outbox in. Its writes are compared with each ` +
            `service's main write, its /health with each service's /health.`,
        ],
      },
      costs,
    ],
    checks,
    data,
  };
}

/**
 * CPU ms per write, by process: where a write's cost goes, and the most writes a second the
 * machine's cores could serve at that cost (all of them busy with nothing else).
 */
function cpuTable(cpu: Map<Target, Record<string, number>[]>, rounds: number): Table {
  const processes = [...new Set([...cpu.values()].flatMap((rows) => rows.flatMap((row) => Object.keys(row))))].filter(
    (name) => name !== MACHINE,
  );
  const cores = availableParallelism();
  const rows = [...cpu].map(([service, samples]) => {
    const of = (name: string) => median(samples.map((sample) => sample[name] ?? Number.NaN));
    return [
      service,
      ...processes.map((name) => of(name).toFixed(1)),
      of(MACHINE).toFixed(1),
      whole((cores * 1000) / of(MACHINE)),
    ];
  });
  return {
    title: `CPU per write, ms (the write loads above, median of ${rounds} rounds)`,
    columns: ['write route of', ...processes, MACHINE, `at most/s on ${cores} cores`],
    rows,
    notes: [
      `CPU time (user + system) from /proc between the start and the end of each load, over the 2xx responses. ` +
        `"${LOAD_GENERATOR}" is this process (autocannon); "${MACHINE}" counts every process on the machine. ` +
        `Postgres is its server's processes (backends that exit during a load take their time with them).`,
    ],
  };
}

function summary(figures: Figures[]): Omit<Figures, 'served'> {
  return {
    rate: median(figures.map((f) => f.rate)),
    p50: median(figures.map((f) => f.p50)),
    p99: median(figures.map((f) => f.p99)),
    failed: figures.reduce((sum, f) => sum + f.failed, 0),
  };
}
