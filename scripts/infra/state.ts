import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * A secret of the local set-up: the environment's value when it gives one, otherwise a random one
 * made on first use and kept, readable by its owner only, in the git-ignored state folder, so that
 * every script and service started here agrees on it without anyone choosing it.
 */
export function localSecret(variable: string, folder: string, name: string, bytes = 48): string {
  const given = process.env[variable];
  if (given) return given;
  const file = join(stateDir(folder), name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(bytes).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}
