import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_DIR } from '../../../scripts/infra/state';

/**
 * Writes a scenario's figures to `.accord/faults/<scenario>.json` (RELIABILITY.md cites them) and
 * logs them as one line. Written before the assertions run, so a failing run leaves its figures too.
 */
export function recordFigures(scenario: string, summary: string, figures: object): void {
  const dir = join(STATE_DIR, 'faults');
  mkdirSync(dir, { recursive: true });
  const document = { scenario, recordedAt: new Date().toISOString(), summary, ...figures };
  writeFileSync(join(dir, `${scenario}.json`), `${JSON.stringify(document, null, 2)}\n`);
  console.log(`faults/${scenario}: ${summary}`);
}

/** Seconds with one decimal, for the figures. */
export const seconds = (ms: number): number => Math.round(ms / 100) / 10;
