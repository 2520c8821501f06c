import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/processes';

const ROOT = join(__dirname, '..', '..', '..');

export interface PrivatePostgres {
  url: string;
  stop: () => void;
  /** SIGKILL to the server and its backends: a crash, recovered from the write-ahead log on `start`. */
  kill: () => void;
  start: () => void;
  /** Stops it and deletes its data. */
  destroy: () => void;
}

/**
 * A Postgres of the test's own, started and stopped with the project's own infra script (another
 * port, another state folder), so a test can take it away without disturbing the shared server.
 */
export async function privatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'accord-fault-pg-'));
  const env: NodeJS.ProcessEnv = { ...process.env, EMBEDDED_PG_PORT: String(port), ACCORD_STATE_DIR: state };
  delete env.DATABASE_URL; // the script would use that server instead of starting its own
  delete env.EMBEDDED_PG_PASSWORD; // the URL below names the default password
  const infra = (verb: 'up' | 'down' | 'kill' | 'reset') => {
    const run = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [join(ROOT, 'scripts', 'infra.ts'), verb, 'postgres'],
      {
        env,
        encoding: 'utf8',
      },
    );
    if (run.status !== 0) throw new Error(`postgres ${verb} failed: ${run.stdout}${run.stderr}`);
  };
  infra('up');
  return {
    url: `postgres://accord:accord@127.0.0.1:${port}/accord`,
    stop: () => infra('down'),
    kill: () => infra('kill'),
    start: () => infra('up'),
    destroy: () => {
      infra('reset');
      rmSync(state, { recursive: true, force: true });
    },
  };
}
