import { cpus, totalmem } from 'node:os';

/** One target of the issue, checked against this run's figure. */
export interface Check {
  target: string;
  actual: string;
  pass: boolean;
}

export interface Table {
  title: string;
  columns: string[];
  /** How many leading columns hold text (aligned left); the rest hold figures. Default 1. */
  textColumns?: number;
  rows: string[][];
  notes?: string[];
}

/** What each part returns: tables to print, targets checked, and the raw figures for the JSON. */
export interface PartReport {
  part: string;
  tables: Table[];
  checks: Check[];
  data: Record<string, unknown>;
}

export function check(target: string, actual: string, pass: boolean): Check {
  return { target, actual, pass };
}

export const ratio = (value: number, baseline: number) => (baseline > 0 ? value / baseline : Number.NaN);
export const times = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a');
export const percent = (r: number) => (Number.isFinite(r) ? `${Math.round(r * 100)} %` : 'n/a');
export const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');
export const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export function markdownTable(table: Table): string {
  const align = table.columns.map((_, i) => (i < (table.textColumns ?? 1) ? '---' : '---:'));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    `### ${table.title}`,
    '',
    line(table.columns),
    line(align),
    ...table.rows.map(line),
    ...(table.notes?.length ? ['', ...table.notes] : []),
  ].join('\n');
}

export function checksTable(reports: PartReport[]): Table {
  return {
    title: 'Targets',
    columns: ['part', 'target', 'this run', ''],
    textColumns: 2,
    rows: reports.flatMap((r) => r.checks.map((c) => [r.part, c.target, c.actual, c.pass ? 'PASS' : 'MISS'])),
  };
}

export function machine(postgres: string): Record<string, string | number> {
  const cores = cpus();
  return {
    cpu: `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown'}`,
    memory: `${Math.round(totalmem() / 1024 ** 3)} GB`,
    node: process.version,
    postgres,
  };
}
