import { readFileSync, readdirSync } from 'node:fs';
import type { Suite } from './suite';

/**
 * Where the machine's CPU goes while the suite serves a load: CPU time (user + system) of each of
 * its processes from `/proc` (Linux), of this process (the load generator), and of the whole
 * machine, between two readings. Divided by the requests served, it says what one request costs
 * each part of the suite, and how many the machine's cores could serve at most.
 */

/** `/proc` counts CPU time in clock ticks of 1/100 s (USER_HZ, 100 on every Linux architecture Node runs on). */
const MS_PER_TICK = 10;

/** The fields of `/proc/<pid>/stat` after the command name, which may itself hold spaces and parentheses. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // gone
  }
}

/** utime + stime (the 14th and 15th fields; the 3rd, the state, is the first after the name). */
function processMs(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields && (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}

/** The process and every child it has now: a Postgres server's postmaster and its backends. */
export function withChildren(parent: number): number[] {
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => statFields(pid)?.[1] === String(parent));
  return [parent, ...children];
}

/** The parent of a process: a Postgres backend's postmaster. */
export function parentOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields && Number(fields[1]);
}

/** Busy time of all cores: every column of the `cpu` line but idle and iowait (guest time is in user's). */
function machineMs(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .map(Number);
  return (user + nice + system + irq + softirq + steal) * MS_PER_TICK;
}

export const LOAD_GENERATOR = 'load generator';
export const MACHINE = 'whole machine';

interface Reading {
  /** Per group, each process's CPU time in ms. */
  groups: Map<string, Map<number, number>>;
  self: number;
  machine: number;
}

/**
 * Reads named groups of processes. A group's processes are listed again at each reading (a
 * backend that starts meanwhile counts from zero); one that exits between two readings takes its
 * time with it, so a group of short-lived processes reads low.
 */
export class CpuMeter {
  constructor(private readonly groups: Record<string, () => number[]>) {}

  read(): Reading {
    const groups = new Map<string, Map<number, number>>();
    for (const [name, pids] of Object.entries(this.groups)) {
      const times = new Map<number, number>();
      for (const pid of pids()) {
        const ms = processMs(pid);
        if (ms !== undefined) times.set(pid, ms);
      }
      groups.set(name, times);
    }
    const { user, system } = process.cpuUsage();
    return { groups, self: (user + system) / 1000, machine: machineMs() };
  }

  /** CPU ms each group, the load generator and the whole machine spent from `before` to `after`. */
  static spent(before: Reading, after: Reading): Record<string, number> {
    const spent: Record<string, number> = {};
    for (const [name, times] of after.groups) {
      const earlier = before.groups.get(name);
      let sum = 0;
      for (const [pid, ms] of times) sum += ms - (earlier?.get(pid) ?? 0);
      spent[name] = sum;
    }
    spent[LOAD_GENERATOR] = after.self - before.self;
    spent[MACHINE] = after.machine - before.machine;
    return spent;
  }
}

/**
 * A meter of the suite's processes: each service, the Kafka broker (unless the bench uses another's)
 * and the Postgres server (its postmaster and backends; none when the server is on another host),
 * and any other processes named in `others`.
 */
export async function suiteMeter(suite: Suite, others: Record<string, number> = {}): Promise<CpuMeter> {
  const groups: Record<string, () => number[]> = {};
  for (const [name, service] of Object.entries(suite.services)) groups[name] = () => [service.pid];
  for (const [name, pid] of Object.entries(others)) groups[name] = () => [pid];
  const broker = suite.brokerPid;
  if (broker) groups['Kafka broker'] = () => [broker];
  const postmaster = await postmasterOf(suite);
  if (postmaster) groups.Postgres = () => withChildren(postmaster);
  return new CpuMeter(groups);
}

/** The postmaster is the parent of the backend serving a connection, if that backend runs here. */
async function postmasterOf(suite: Suite): Promise<number | undefined> {
  const client = await suite.db.client();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const backend = rows[0].pid;
    const local = readFileSync(`/proc/${backend}/comm`, 'utf8').trim() === 'postgres';
    return local ? parentOf(backend) : undefined;
  } catch {
    return undefined; // no /proc entry of that pid: the server is elsewhere
  } finally {
    await client.end();
  }
}
