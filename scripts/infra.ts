/**
 * Local infrastructure without Docker: `tsx scripts/infra.ts up|down|kill|reset|status [kafka|postgres|identity]`.
 * Every `up` is idempotent, so scripts and the test setup can call them freely.
 */
import { identityDown, identityReset, identityStatus, identityUp } from './infra/identity';
import { kafkaDown, kafkaKill, kafkaStatus, kafkaUp } from './infra/kafka';
import { rmSync } from 'node:fs';
import { postgresDown, postgresKill, postgresReset, postgresStatus, postgresUp } from './infra/postgres';
import { STATE_DIR } from './infra/state';

const PARTS = ['postgres', 'kafka', 'identity'] as const;
type Part = (typeof PARTS)[number];

const actions = {
  // Postgres first on the way up (it starts in well under a second), Kafka first on the way down so
  // that nothing is left publishing into a closing database. The identity provider needs neither.
  async up(parts: Part[]) {
    if (parts.includes('postgres')) await postgresUp();
    if (parts.includes('kafka')) await kafkaUp();
    if (parts.includes('identity')) await identityUp();
  },
  async down(parts: Part[]) {
    if (parts.includes('identity')) await identityDown();
    if (parts.includes('kafka')) await kafkaDown();
    if (parts.includes('postgres')) await postgresDown();
  },
  /** SIGKILL, no clean shutdown: how the fault suite crashes Postgres (the broker: see kafkaKill). */
  async kill(parts: Part[]) {
    if (parts.includes('postgres')) await postgresKill();
    if (parts.includes('kafka')) await kafkaKill();
  },
  /** Stops them and deletes all their data (the provider's keys too): the next `up` starts from empty. */
  async reset(parts: Part[]) {
    await this.down(parts);
    if (parts.includes('postgres')) await postgresReset();
    if (parts.includes('kafka')) {
      rmSync(`${STATE_DIR}/kafka/data`, { recursive: true, force: true });
      console.log('kafka: data deleted');
    }
    if (parts.includes('identity')) identityReset();
  },
  async status(parts: Part[]) {
    if (parts.includes('postgres')) console.log(await postgresStatus());
    if (parts.includes('kafka')) console.log(kafkaStatus());
    if (parts.includes('identity')) console.log(identityStatus());
  },
};

async function main(): Promise<void> {
  const [verb, part] = process.argv.slice(2);
  if (!verb || !(verb in actions) || (part && !PARTS.includes(part as Part))) {
    console.error(`usage: infra.ts up|down|kill|reset|status [${PARTS.join('|')}]`);
    process.exit(2);
  }
  const parts: Part[] = part ? [part as Part] : [...PARTS];
  await actions[verb as keyof typeof actions](parts);
}

main().catch((error: Error) => {
  // A message for a person, not a stack trace: every thrown error here says what to do.
  console.error(error.message);
  process.exit(1);
});
