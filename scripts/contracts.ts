/**
 * The event contracts' generated files: `tsx scripts/contracts.ts <command>`.
 *
 *   export            writes libs/contracts/schemas/<type>.json from the registry (and deletes stale ones)
 *   asyncapi          writes docs/asyncapi.yaml from the registry
 *   snapshot [--force] refreshes libs/contracts/snapshots/<type>.json: the published schemas that
 *                     compatibility is checked against. Run it only for compatible changes (new
 *                     optional fields, new enum values, new types, wording): it refuses a breaking
 *                     change. A breaking change is a new `.v<n+1>` type published side by side with
 *                     the old one, never an edited snapshot. `--force` overrides the refusal, for a
 *                     type that was never released.
 *   check             fails if any generated file is stale or a change breaks a published schema
 *
 * The contracts' unit tests make the same checks (libs/contracts/test).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  ASYNCAPI_FILE,
  REPO_ROOT,
  SCHEMAS_DIR,
  SNAPSHOTS_DIR,
  currentSchemas,
  readFiles,
  readSnapshots,
  renderAsyncApi,
  renderSchemaFiles,
  renderSnapshotFiles,
  staleFiles,
  writeFiles,
} from '../libs/contracts/tools/artifacts';
import { compareWithSnapshots, describeBreakingChanges } from '../libs/contracts/tools/compatibility';

const USAGE = 'usage: contracts.ts export | asyncapi | snapshot [--force] | check';

const show = (dir: string) => relative(REPO_ROOT, dir);

function report(what: string, changes: string[]): void {
  console.log(changes.length === 0 ? `${what}: up to date` : `${what}:\n  ${changes.join('\n  ')}`);
}

async function exportSchemas(): Promise<void> {
  report(show(SCHEMAS_DIR), writeFiles(SCHEMAS_DIR, await renderSchemaFiles(), { prune: true }));
}

async function writeAsyncApi(): Promise<void> {
  const content = await renderAsyncApi();
  const before = readIfExists(ASYNCAPI_FILE);
  if (before !== content) writeFileSync(ASYNCAPI_FILE, content);
  report(show(ASYNCAPI_FILE), before === content ? [] : [before === undefined ? 'created' : 'updated']);
}

async function snapshot(force: boolean): Promise<number> {
  const { breaking } = compareWithSnapshots(readSnapshots(), currentSchemas());
  if (breaking.length > 0 && !force) {
    console.error(
      `Refusing to snapshot breaking changes to published message types:\n${describeBreakingChanges(breaking)}\n\n` +
        'Publish a new version (.v<n+1>) side by side with the old type instead, and keep the old snapshot.\n' +
        'Only if the type was never released: run again with --force.',
    );
    return 1;
  }
  // Never prunes: a type leaves the snapshots only when its snapshot is deleted by hand, after its
  // deprecation period.
  report(show(SNAPSHOTS_DIR), writeFiles(SNAPSHOTS_DIR, await renderSnapshotFiles(), { prune: false }));
  return 0;
}

async function check(): Promise<number> {
  const problems: string[] = [];
  for (const stale of staleFiles(await renderSchemaFiles(), readFiles(SCHEMAS_DIR))) {
    problems.push(`${show(SCHEMAS_DIR)}: ${stale} (run: tsx scripts/contracts.ts export)`);
  }
  if (readIfExists(ASYNCAPI_FILE) !== (await renderAsyncApi())) {
    problems.push(`${show(ASYNCAPI_FILE)} is out of date (run: tsx scripts/contracts.ts asyncapi)`);
  }
  const { breaking, added, changed } = compareWithSnapshots(readSnapshots(), currentSchemas());
  if (breaking.length > 0) {
    problems.push(`breaking changes to published message types:\n${describeBreakingChanges(breaking)}`);
  }
  for (const type of [...added, ...changed]) {
    problems.push(`${show(SNAPSHOTS_DIR)}: ${type} not snapshotted (run: tsx scripts/contracts.ts snapshot)`);
  }
  for (const problem of problems) console.error(problem);
  if (problems.length === 0) console.log('contracts: schemas, snapshots and AsyncAPI document are up to date');
  return problems.length === 0 ? 0 : 1;
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'export':
      await exportSchemas();
      return 0;
    case 'asyncapi':
      await writeAsyncApi();
      return 0;
    case 'snapshot':
      return snapshot(rest.includes('--force'));
    case 'check':
      return check();
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
