/**
 * Imported first by a tsx script that needs Nest's decorator metadata: from then on, the repository's
 * own `.ts` files are compiled by TypeScript, one file at a time, as the services' build does
 * (ts-loader with transpileOnly). tsx compiles with esbuild, which emits no `design:type` metadata,
 * and without it @nestjs/swagger sees no property types: the OpenAPI document would differ from the
 * one the running service serves, or fail to build at all. tsx still resolves the modules
 * (tsconfig paths included) and compiles everything under node_modules.
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';

type Compile = (module: { _compile(code: string, filename: string): void }, filename: string) => void;

const ROOT = resolve(__dirname, '../..');
const NODE_MODULES = join(ROOT, 'node_modules');

const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as {
  compilerOptions: object;
};
const { options } = ts.convertCompilerOptionsFromJson(compilerOptions, ROOT);

// Node's CommonJS loader has no public hook for compiling a file; tsx uses this one too.
const extensions = (Module as unknown as { _extensions: Record<string, Compile> })._extensions;
const esbuild = extensions['.ts'];
if (!esbuild) throw new Error('decorator-metadata: run this script with tsx');

extensions['.ts'] = (module, filename) => {
  if (filename.startsWith(NODE_MODULES) || !filename.startsWith(ROOT)) return esbuild(module, filename);
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { ...options, sourceMap: false, inlineSourceMap: true, inlineSources: true },
  });
  module._compile(outputText, filename);
};
