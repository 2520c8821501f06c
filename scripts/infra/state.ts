import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root: scripts/infra/ is two levels below it. */
export const ROOT = resolve(__dirname, '..', '..');

/**
 * Everything the local infrastructure writes (jars, broker and database data, pid files, logs) lives
 * under one git-ignored folder, so `rm -rf .accord` is a full reset.
 */
export const STATE_DIR = resolve(process.env.ACCORD_STATE_DIR ?? join(ROOT, '.accord'));
export const LOG_DIR = join(STATE_DIR, 'logs');

export function stateDir(...parts: string[]): string {
  const dir = join(STATE_DIR, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function logFile(name: string): string {
  mkdirSync(LOG_DIR, { recursive: true });
  return join(LOG_DIR, `${name}.log`);
}
