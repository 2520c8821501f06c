import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * The committed API types of the web app must match docs/openapi. They are regenerated in memory
 * with openapi-typescript's Node API and compared, in a child process: Jest's module system cannot
 * load openapi-typescript's ES-module dependencies (Node itself can). When this fails, run
 * `npm run web:types` and commit what it changes.
 */
describe('web/src/api/generated', () => {
  it('matches docs/openapi', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts', 'web', 'generate-types.ts'), '--check'],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    const report = /^\{.*\}$/m.exec(run.stdout)?.[0];
    expect(run.stderr.trim()).toBe('');
    expect(report).toBeDefined();
    const { checked, stale } = JSON.parse(report ?? '{}') as { checked: string[]; stale: string[] };
    expect(checked).toEqual(expect.arrayContaining(['partner-service', 'agreement-service', 'project-service']));
    // Stale: `npm run web:types`, then commit web/src/api/generated.
    expect(stale).toEqual([]);
  }, 60_000);
});
