import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { ROOT, stateDir } from '../../infra/state';

/**
 * A TypeScript file of the bench as plain JavaScript, for node to run (or `--require`) without a
 * loader, as the services' built code runs. Written in the checkout's state folder, so that its
 * `require`s find the checkout's node_modules. Returns the JavaScript file's path.
 */
export function transpiled(source: string, name: string): string {
  const { outputText } = ts.transpileModule(readFileSync(join(ROOT, source), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const file = join(stateDir('bench'), name);
  writeFileSync(file, outputText);
  return file;
}
