import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Stops what the global setup started (set ACCORD_KEEP_INFRA=1 to keep it for the next run). */
export default function globalTeardown(): void {
  if (process.env.ACCORD_KEEP_INFRA === '1') return;
  const started = (process.env.ACCORD_TEST_STARTED ?? '').split(',').filter(Boolean);
  // Kafka before Postgres: nothing should be left writing to a database that is going away.
  // The setup pointed DATABASE_URL and KAFKA_BROKERS at what it started; the infra script would take
  // them for servers of the user's own and leave them running.
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.KAFKA_BROKERS;
  for (const part of ['identity', 'kafka', 'postgres'].filter((p) => started.includes(p))) {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'infra.ts'), 'down', part], {
      stdio: 'inherit',
      env,
    });
  }
}
