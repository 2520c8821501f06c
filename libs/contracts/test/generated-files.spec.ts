/**
 * The committed JSON Schema files and AsyncAPI document are what the registry produces today, so
 * they cannot go stale; and the AsyncAPI document is valid for the official parser.
 */
import { readFileSync } from 'node:fs';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import {
  ASYNCAPI_FILE,
  SCHEMAS_DIR,
  readFiles,
  renderAsyncApi,
  renderSchemaFiles,
  staleFiles,
} from '../tools/artifacts';

/** The parser's diagnostics type their severity with their own copy of @stoplight/types' enum. */
const isError = (severity: number) => severity === Number(DiagnosticSeverity.Error);

describe('libs/contracts/schemas', () => {
  it('holds exactly the schemas the registry produces (else run: tsx scripts/contracts.ts export)', async () => {
    expect(staleFiles(await renderSchemaFiles(), readFiles(SCHEMAS_DIR))).toEqual([]);
  });
});

describe('docs/asyncapi.yaml', () => {
  const committed = readFileSync(ASYNCAPI_FILE, 'utf8');

  it('is what the registry produces (else run: tsx scripts/contracts.ts asyncapi)', async () => {
    expect(committed).toBe(await renderAsyncApi());
  });

  it('is a valid AsyncAPI 3.0 document for @asyncapi/parser', async () => {
    const diagnostics = await new Parser().validate(committed);
    const errors = diagnostics
      .filter((d) => isError(d.severity))
      .map((d) => `${d.code} ${d.path.join('/')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(committed).toMatch(/^asyncapi: 3\.0\.0$/m);
  }, 30_000);

  it('would be reported invalid by the parser if it were broken', async () => {
    const broken = committed.replace('action: receive', 'action: listen');
    const diagnostics = await new Parser().validate(broken);
    expect(diagnostics.filter((d) => isError(d.severity)).map((d) => d.path.join('/'))).toContain(
      'operations/receivePartners/action',
    );
  }, 30_000);
});
