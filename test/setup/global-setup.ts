import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { portOpen } from '../../scripts/infra/processes';
import { embeddedDatabaseUrl } from '../../scripts/infra/postgres';
import { kafkaBrokers } from '../../scripts/infra/kafka';
import { identityPort } from '../../scripts/auth/dev-identity';

const ROOT = join(__dirname, '..', '..');

/**
 * Starts the real Kafka broker, Postgres and the local identity provider for the integration tier
 * through the project's own infra script, unless KAFKA_BROKERS / DATABASE_URL / OIDC_ISSUER point at
 * servers the user runs. Whatever this setup started, the teardown stops; whatever was already
 * running is left alone.
 */
export default async function globalSetup(): Promise<void> {
  const parts: string[] = [];
  if (!process.env.DATABASE_URL) parts.push('postgres');
  if (!process.env.KAFKA_BROKERS) parts.push('kafka');
  if (!process.env.OIDC_ISSUER) parts.push('identity');
  const addresses: Record<string, string> = {
    postgres: new URL(embeddedDatabaseUrl).host,
    kafka: kafkaBrokers,
    identity: `127.0.0.1:${identityPort()}`,
  };

  const started: string[] = [];
  for (const part of parts) {
    const [host, port] = addresses[part].split(':');
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
  // Not OIDC_ISSUER: every app booted from this environment would then turn sign-in on. Tests find
  // the provider with devIdentityEnvironment() (scripts/auth/dev-identity.ts).
}
