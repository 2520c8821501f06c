/**
 * The files generated from the contracts registry, rendered exactly as they are committed
 * (formatted with the repository's Prettier settings), so that a test can regenerate them and
 * compare: `libs/contracts/schemas/*.json`, `libs/contracts/snapshots/*.json` and
 * `docs/asyncapi.yaml`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as babel from 'prettier/plugins/babel';
import * as estree from 'prettier/plugins/estree';
import * as yamlPlugin from 'prettier/plugins/yaml';
import type { Options } from 'prettier';
import { format } from 'prettier/standalone';
import { stringify } from 'yaml';
import { MESSAGE_HEADERS_ID, messageHeadersSchema } from '../src/headers.contract';
import type { JsonSchema } from '../src/json-schema';
import { MESSAGE_CONTRACTS } from '../src/registry';
import { buildAsyncApi } from './asyncapi';

export const CONTRACTS_DIR = resolve(__dirname, '..');
export const REPO_ROOT = resolve(CONTRACTS_DIR, '../..');
export const SCHEMAS_DIR = join(CONTRACTS_DIR, 'schemas');
export const SNAPSHOTS_DIR = join(CONTRACTS_DIR, 'snapshots');
export const ASYNCAPI_FILE = join(REPO_ROOT, 'docs', 'asyncapi.yaml');

/** File name → content. */
export type Files = Map<string, string>;

function prettierOptions(): Options {
  return JSON.parse(readFileSync(join(REPO_ROOT, '.prettierrc'), 'utf8')) as Options;
}

export function formatJson(value: unknown): Promise<string> {
  return format(JSON.stringify(value, null, 2), { ...prettierOptions(), parser: 'json', plugins: [babel, estree] });
}

export function formatYaml(text: string): Promise<string> {
  return format(text, { ...prettierOptions(), parser: 'yaml', plugins: [yamlPlugin] });
}

/** Each message type's payload schema, plus the headers schema: `libs/contracts/schemas/`. */
export async function renderSchemaFiles(): Promise<Files> {
  const files: Files = new Map();
  for (const contract of MESSAGE_CONTRACTS) files.set(`${contract.type}.json`, await formatJson(contract.schema));
  files.set(`${MESSAGE_HEADERS_ID}.json`, await formatJson(messageHeadersSchema));
  return files;
}

/** The snapshots the current registry would make: `libs/contracts/snapshots/`. */
export async function renderSnapshotFiles(): Promise<Files> {
  const files: Files = new Map();
  for (const contract of MESSAGE_CONTRACTS) files.set(`${contract.type}.json`, await formatJson(contract.schema));
  return files;
}

/** The current schemas by type name. */
export function currentSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(MESSAGE_CONTRACTS.map((contract) => [contract.type, contract.schema]));
}

export async function renderAsyncApi(): Promise<string> {
  const header = [
    '# Generated from libs/contracts/src/registry.ts by `tsx scripts/contracts.ts asyncapi`: do not edit by hand.',
    '',
  ].join('\n');
  const body = stringify(buildAsyncApi(), {
    // YAML 1.1 quoting: dates and times stay strings for YAML 1.1 readers (js-yaml) too.
    version: '1.1',
    aliasDuplicateObjects: false,
    lineWidth: 0,
  });
  return formatYaml(header + body);
}

/** The `.json` files of a folder, by name (an empty map when the folder does not exist). */
export function readFiles(dir: string): Files {
  if (!existsSync(dir)) return new Map();
  return new Map(
    readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
  );
}

/** The published snapshots, by type name. */
export function readSnapshots(dir = SNAPSHOTS_DIR): Record<string, JsonSchema> {
  return Object.fromEntries(
    [...readFiles(dir)].map(([name, text]) => [name.replace(/\.json$/, ''), JSON.parse(text) as JsonSchema]),
  );
}

/** Writes the files; with `prune`, deletes the folder's other `.json` files. Returns what changed. */
export function writeFiles(dir: string, files: Files, { prune }: { prune: boolean }): string[] {
  mkdirSync(dir, { recursive: true });
  const existing = readFiles(dir);
  const changed: string[] = [];
  for (const [name, content] of files) {
    if (existing.get(name) === content) continue;
    writeFileSync(join(dir, name), content);
    changed.push(`${existing.has(name) ? 'updated' : 'created'} ${name}`);
  }
  if (prune) {
    for (const name of existing.keys()) {
      if (files.has(name)) continue;
      rmSync(join(dir, name));
      changed.push(`deleted ${name}`);
    }
  }
  return changed;
}

/** How `actual` (on disk) differs from `expected` (generated): names of missing, stale, extra files. */
export function staleFiles(expected: Files, actual: Files): string[] {
  const problems: string[] = [];
  for (const [name, content] of expected) {
    if (!actual.has(name)) problems.push(`missing ${name}`);
    else if (actual.get(name) !== content) problems.push(`out of date ${name}`);
  }
  for (const name of actual.keys()) if (!expected.has(name)) problems.push(`not in the registry ${name}`);
  return problems;
}
