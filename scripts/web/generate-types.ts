import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { DOCUMENTS, GENERATED_DIR, ROOT, availableDocuments, generate, generatedPath } from './web-types';

/**
 * `npm run web:types`: writes web/src/api/generated/<service>.ts for every OpenAPI document present.
 * `--check`: regenerates in memory and writes nothing; prints the stale files as JSON and exits 1 if
 * any (web-types.spec.ts runs this, since Jest cannot load openapi-typescript's ES-module parts).
 */
async function main(check: boolean): Promise<void> {
  const present = availableDocuments();
  if (check) {
    const stale: string[] = [];
    for (const name of present) {
      const path = generatedPath(name);
      const committed = existsSync(path) ? readFileSync(path, 'utf8') : null;
      if (committed !== (await generate(name))) stale.push(relative(ROOT, path));
    }
    console.log(JSON.stringify({ checked: present, stale }));
    if (stale.length > 0) process.exitCode = 1;
    return;
  }
  mkdirSync(GENERATED_DIR, { recursive: true });
  for (const name of present) {
    writeFileSync(generatedPath(name), await generate(name));
    console.log(`wrote ${relative(ROOT, generatedPath(name))}`);
  }
  for (const name of DOCUMENTS.filter((name) => !present.includes(name))) {
    console.log(`skipped ${name}: docs/openapi/${name}.json does not exist yet`);
  }
}

main(process.argv.includes('--check')).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
