import { spawn } from 'node:child_process';
import { openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { identityIssuer, identityPort } from '../auth/dev-identity';
import { livePid, portOpen, stopProcess, waitUntil, writePid } from './processes';
import { ROOT, STATE_DIR, logFile, stateDir } from './state';

/**
 * The local OpenID Connect provider (scripts/identity/provider.ts) as a background process, like
 * the broker and the database: `up` waits until its discovery document answers. OIDC_ISSUER names a
 * provider of the user's own instead; then nothing is started.
 */
const PROGRAM = join(ROOT, 'scripts', 'identity', 'provider.ts');
const pidFile = () => join(stateDir('identity'), 'provider.pid');
const log = () => logFile('identity');

/** Whether an issuer's discovery document answers within 2 s. */
export async function identityAnswers(issuer = identityIssuer()): Promise<boolean> {
  try {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2_000) });
    return response.ok && ((await response.json()) as { issuer?: string }).issuer === issuer;
  } catch {
    return false;
  }
}

export function identityPid(): number | undefined {
  return livePid(pidFile(), PROGRAM);
}

export async function identityUp(): Promise<void> {
  if (process.env.OIDC_ISSUER) {
    if (!(await identityAnswers(process.env.OIDC_ISSUER))) {
      throw new Error(`identity: OIDC_ISSUER is set but ${process.env.OIDC_ISSUER} does not answer`);
    }
    console.log('identity: using OIDC_ISSUER; no local provider started');
    return;
  }
  const issuer = identityIssuer();
  if (identityPid()) {
    console.log(`identity: already running at ${issuer}`);
    return;
  }
  if (await portOpen(identityPort())) {
    throw new Error(`identity: port ${identityPort()} is taken by another process; stop it or set IDP_PORT`);
  }
  const out = openSync(log(), 'a');
  // tsx as a loader, not its command: one process, whose pid is the provider's.
  const child = spawn(process.execPath, ['--import', 'tsx', PROGRAM], {
    cwd: ROOT,
    // Detached with its own session so that it outlives this script and Ctrl-C in the terminal.
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  if (!child.pid) throw new Error('identity: the provider did not start');
  writePid(pidFile(), child.pid);

  const started = Date.now();
  const ready = await waitUntil(async () => {
    if (!identityPid()) throw new Error(`identity: the provider exited; see ${log()}`);
    return identityAnswers(issuer);
  }, 30_000);
  if (!ready) throw new Error(`identity: no answer at ${issuer} after 30 s; see ${log()}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`identity: ready at ${issuer} in ${seconds} s (log: ${log()})`);
}

export async function identityDown(): Promise<void> {
  if (process.env.OIDC_ISSUER) return;
  const pid = identityPid();
  if (!pid) {
    console.log('identity: not running');
    return;
  }
  console.log(`identity: ${await stopProcess(pid, 10_000)}`);
}

export function identityStatus(): string {
  if (process.env.OIDC_ISSUER) return `identity: external (OIDC_ISSUER=${process.env.OIDC_ISSUER})`;
  const pid = identityPid();
  return pid
    ? `identity: running (pid ${pid}) at ${identityIssuer()}; log ${log()}`
    : `identity: stopped; log ${log()}`;
}

/** New keys, cookie keys and client secret on the next start (it must be stopped). */
export function identityReset(): void {
  if (process.env.OIDC_ISSUER) return;
  if (identityPid()) throw new Error('identity: stop it before a reset');
  rmSync(join(STATE_DIR, 'identity'), { recursive: true, force: true });
  console.log('identity: keys and client secret deleted');
}
