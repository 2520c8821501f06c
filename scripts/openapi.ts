/**
 * `npm run openapi:export`: writes each service's OpenAPI document to docs/openapi/<service>.json
 * (and deletes the files of services that are gone), built as /docs builds it but without starting
 * anything: no Postgres, no Kafka. Client generators and other teams build from these files; a unit
 * test (scripts/openapi/documents.spec.ts) fails when one is stale.
 */
// First: the services' sources must compile with decorator metadata (see the file).
import './openapi/decorator-metadata';
import { relative } from 'node:path';
import { REPO_ROOT, writeFiles } from '../libs/contracts/tools/artifacts';
import { OPENAPI_DIR, renderOpenApiFiles } from './openapi/documents';

async function main(): Promise<void> {
  const changes = writeFiles(OPENAPI_DIR, await renderOpenApiFiles(), { prune: true });
  const dir = relative(REPO_ROOT, OPENAPI_DIR);
  console.log(changes.length === 0 ? `${dir}: up to date` : `${dir}:\n  ${changes.join('\n  ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
