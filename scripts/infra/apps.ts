import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './state';

/**
 * Node's options for a service, unless NODE_OPTIONS says otherwise. V8 sizes its heap limit from the
 * machine's memory (about 2 GB here) and collects lazily below it: a service under load grew to
 * 265-294 MB of RSS, mostly garbage. A limit makes it collect sooner; its live data is far smaller
 * (pages of 1,000 events at most). The Dockerfile sets the same.
 */
export const SERVICE_NODE_OPTIONS = '--max-old-space-size=128';

/** Whether an app at this base URL answers `GET /health/ready` with 200 within 2 s. */
export async function isReady(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

/** The built entry point of an app. */
export const entryOf = (app: string) => join(ROOT, 'dist', 'apps', app, 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|tsx|css|html)$/.test(item.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** The built web app's page, which the dashboard serves. */
const webEntry = join(ROOT, 'dist', 'web', 'index.html');

/** What runs is what the sources say: `npm run build` when any app's dist/ is older than them. */
export function buildIfStale(apps: readonly string[], announce: string): void {
  const sources = Math.max(...['apps', 'libs', 'web'].map((dir) => newestSource(join(ROOT, dir))));
  const built = [...apps.map(entryOf), webEntry];
  if (built.every((file) => existsSync(file) && statSync(file).mtimeMs >= sources)) return;
  process.stdout.write(`${announce}\n`);
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('build failed');
  // The bundler leaves an output whose content did not change (a source's comment edited) as it
  // was: marked now, it is not found stale again on every start.
  const now = new Date();
  for (const file of built) if (existsSync(file)) utimesSync(file, now, now);
}
