import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * `npm run web:build`'s last step: the web app's size, gzipped as it travels, against a budget. The
 * entry is what every page loads before showing anything; the rest loads on demand (Chart.js, with
 * the first chart). Over budget fails the build: a new dependency must earn its bytes.
 */
const BUDGET_KB = {
  /** The scripts index.html loads. */
  entryJs: 120,
  /** Every script, lazy chunks included. */
  allJs: 200,
  css: 20,
};

const ROOT = resolve(__dirname, '..', '..');
const OUT = join(ROOT, 'dist', 'web');

const kb = (bytes: number) => bytes / 1024;
const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function main(): number {
  if (!existsSync(join(OUT, 'index.html'))) {
    console.error(`bundle budget: ${relative(ROOT, OUT)}/index.html is missing; run vite build first`);
    return 1;
  }
  const html = readFileSync(join(OUT, 'index.html'), 'utf8');
  const entries = new Set(
    [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/?([^"]+\.js)"/g)].map((match) => join(OUT, match[1] ?? '')),
  );
  const all = files(OUT);
  const js = all.filter((path) => path.endsWith('.js'));
  const css = all.filter((path) => path.endsWith('.css'));

  const rows = [...js, ...css].map((path) => ({
    file: relative(OUT, path),
    raw: readFileSync(path).length,
    gzip: gz(path),
    entry: entries.has(path),
  }));
  const sum = (list: typeof rows) => list.reduce((total, row) => total + row.gzip, 0);
  const totals = {
    entryJs: sum(rows.filter((row) => row.entry && row.file.endsWith('.js'))),
    allJs: sum(rows.filter((row) => row.file.endsWith('.js'))),
    css: sum(rows.filter((row) => row.file.endsWith('.css'))),
  };

  console.log('web bundle (gzip -9):');
  for (const row of rows.sort((a, b) => b.gzip - a.gzip)) {
    console.log(
      `  ${row.file.padEnd(44)} ${kb(row.raw).toFixed(1).padStart(8)} kB raw ${kb(row.gzip).toFixed(1).padStart(7)} kB gzip${row.entry ? '  (entry)' : ''}`,
    );
  }
  let over = false;
  for (const [name, budget] of Object.entries(BUDGET_KB) as [keyof typeof BUDGET_KB, number][]) {
    const size = kb(totals[name]);
    const ok = size <= budget;
    over ||= !ok;
    console.log(`  ${ok ? 'ok  ' : 'OVER'} ${name.padEnd(8)} ${size.toFixed(1)} kB of ${budget} kB`);
  }
  if (over) console.error('bundle budget exceeded: make the new code lazy, or drop what it pulls in');
  return over ? 1 : 0;
}

process.exitCode = main();
