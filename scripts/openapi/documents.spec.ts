/**
 * docs/openapi/*.json are what the services' controllers produce today, so a client generated from
 * them matches the running services. Built in-process in preview mode: no servers needed.
 */
import { readFiles, staleFiles } from '../../libs/contracts/tools/artifacts';
import { OPENAPI_DIR, renderOpenApiFiles } from './documents';

describe('docs/openapi', () => {
  it('holds exactly the documents the services produce (else run: npm run openapi:export)', async () => {
    const rendered = await renderOpenApiFiles();
    expect(
      staleFiles(rendered, readFiles(OPENAPI_DIR)).map((problem) => `${problem}: run npm run openapi:export`),
    ).toEqual([]);
  }, 30_000);
});
