import { once } from 'node:events';
import { createTestDatabase, type TestDatabase } from './support/database';
import { freePort, launchService } from './support/processes';

/**
 * The built service as a real process, the way `npm start`, Docker or an orchestrator runs it:
 * what a bad environment prints, and what SIGTERM does.
 */
function launch(env: Record<string, string>) {
  return launchService('partner-service', Number(env.PORT ?? 0), { LOG_LEVEL: 'info', HOST: '0.0.0.0', ...env });
}

it('refuses to start on a bad environment, naming each bad variable without a stack trace', async () => {
  const { child, output } = launch({ PORT: 'http', KAFKA_BROKERS: 'kafka', DATABASE_URL: 'postgres://u:secret@h/db' });
  const [code] = (await once(child, 'exit')) as [number];
  expect(code).toBe(78);
  expect(output()).toMatch(/^partner-service: Invalid configuration:/);
  expect(output()).toContain('PORT="http"');
  expect(output()).toContain('KAFKA_BROKERS="kafka"');
  expect(output()).not.toMatch(/\n\s+at /);
});

describe('a running service', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('process');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('logs JSON lines, becomes ready, and on SIGTERM drains, disconnects and exits 0', async () => {
    const port = await freePort();
    const { child, output } = launch({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url });
    const exited = once(child, 'exit');
    try {
      let ready = false;
      for (let attempt = 0; attempt < 100 && !ready; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
          (r) => r.ok,
          () => false,
        );
      }
      expect(ready).toBe(true);

      child.kill('SIGTERM');
      const [code] = (await exited) as [number];
      expect(code).toBe(0);
      const lines = output()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { service: string; message: string });
      expect(lines.every((line) => line.service === 'partner-service')).toBe(true);
      expect(lines.map((line) => line.message)).toEqual(
        expect.arrayContaining([
          'SIGTERM received: draining',
          'stopped: requests drained, Kafka and Postgres disconnected',
        ]),
      );
      const left = await db.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = 'partner-service'`,
        [db.name],
      );
      expect(left).toHaveLength(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
