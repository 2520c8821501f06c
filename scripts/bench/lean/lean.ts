import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { openSync } from 'node:fs';
import type { Client } from 'pg';
import { SERVICE_NODE_OPTIONS } from '../../infra/apps';
import { ROOT, logFile } from '../../infra/state';
import { loadEvents } from '../support/load';
import { transpiled } from '../support/transpile';
import { sleep } from '../support/stats';
import type { RunningService, Suite } from '../support/suite';

export const LEAN = 'lean limit';
const SCHEMA = 'lean';

/**
 * The lean server's tables, in the suite's database: bare copies of partner-service's (`LIKE ...
 * INCLUDING ALL`: same columns, defaults, identity, constraints and indexes), its event table
 * holding as many events as partner-service's store (an insert into a big index costs more).
 */
async function createTables(client: Client, events: number): Promise<void> {
  await client.query(`CREATE SCHEMA ${SCHEMA}`);
  for (const table of ['events', 'outbox', 'partner_directory'])
    await client.query(`CREATE TABLE ${SCHEMA}.${table} (LIKE partner.${table} INCLUDING ALL)`);
  await loadEvents(client, SCHEMA, events, 'preloaded-');
}

/**
 * Built as plain JavaScript and run by node as the services are (their NODE_OPTIONS), on the port
 * after the dashboard's and the services'.
 */
export async function startLean(suite: Suite, events: number): Promise<RunningService> {
  const client = await suite.db.client();
  try {
    await createTables(client, events);
  } finally {
    await client.end();
  }
  const entry = transpiled('scripts/bench/lean/server.ts', 'lean-server.js');
  const port = Number(new URL(suite.services.dashboard.url).port) + 99;
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const log = openSync(logFile('bench-lean'), 'w');
  const child = spawn(process.execPath, [...profile, entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      LEAN_DATABASE_URL: suite.db.url,
      LEAN_SCHEMA: SCHEMA,
      PORT: String(port),
      NODE_OPTIONS: process.env.NODE_OPTIONS ?? SERVICE_NODE_OPTIONS,
    },
    stdio: ['ignore', log, log],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null) throw new Error(`the lean server exited; see ${logFile('bench-lean')}`);
    if (waited > 10_000) throw new Error(`the lean server was not ready after 10 s; see ${logFile('bench-lean')}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(100);
  }
  return { name: LEAN, url, pid: child.pid!, child };
}

export async function stopLean(lean: RunningService): Promise<void> {
  if (lean.child.exitCode !== null || lean.child.signalCode !== null) return;
  const exited = once(lean.child, 'exit');
  lean.child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000).then(() => lean.child.kill('SIGKILL'))]);
}
