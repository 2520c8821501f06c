import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PGBENCH = process.env.PGBENCH ?? 'pgbench';

/**
 * The machine's limit for a write: `pgbench` (C, libpq, no ORM, no event loop) running a custom
 * script, with `clients` connections each running `transactions` times. Returns transactions per
 * second, connection time excluded.
 */
export async function pgbench(url: string, script: string, clients: number, transactions: number): Promise<number> {
  const { hostname, port, username, password, pathname } = new URL(url);
  const dir = mkdtempSync(join(tmpdir(), 'accord-pgbench-'));
  const file = join(dir, 'script.sql');
  writeFileSync(file, script);
  try {
    const args = ['-n', '-f', file, '-c', String(clients), '-j', String(clients), '-t', String(transactions)];
    const { stdout } = await run(
      PGBENCH,
      [...args, '-h', hostname, '-p', port || '5432', '-U', username, pathname.slice(1)],
      {
        env: { ...process.env, PGPASSWORD: decodeURIComponent(password) },
      },
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
    if (!tps) throw new Error(`pgbench printed no rate:\n${stdout}`);
    return Number(tps[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
