import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { portOpen } from '../../scripts/infra/processes';
import { embeddedDatabaseUrl } from '../../scripts/infra/postgres';
import { kafkaBrokers } from '../../scripts/infra/kafka';

const ROOT = join(__dirname, '..', '..');

/**
 * Starts the real Kafka broker and Postgres for the integration tier through the project's own
 * infra script, unless KAFKA_BROKERS / DATABASE_URL point at servers the user runs. Whatever this
 * setup started, the teardown stops; whatever was already running is left alone.
 */
export default async function globalSetup(): Promise<void> {
  const parts: string[] = [];
  if (!process.env.DATABASE_URL) parts.push('postgres');
  if (!process.env.KAFKA_BROKERS) parts.push('kafka');

  const started: string[] = [];
  for (const part of parts) {
    const [host, port] = (part === 'kafka' ? kafkaBrokers : new URL(embeddedDatabaseUrl).host).split(':');
    const wasRunning = await portOpen(Number(port), host);
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'infra.ts'), 'up', part], {
      stdio: 'inherit',
    });
    if (!wasRunning) started.push(part);
  }
  // Tests that run the services as processes use dist/: built once here, from the current sources
  // (a stale dist/ would test yesterday's code).
  if (process.env.ACCORD_SKIP_BUILD !== '1') {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  // Workers are forked after this runs, so they inherit these.
  process.env.DATABASE_URL ??= embeddedDatabaseUrl;
  process.env.KAFKA_BROKERS ??= kafkaBrokers;
  process.env.ACCORD_TEST_STARTED = started.join(',');
}
