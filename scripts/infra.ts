/**
 * Local infrastructure without Docker: `tsx scripts/infra.ts up|down|reset|status [kafka|postgres]`.
 * Both `up`s are idempotent, so scripts and the test setup can call them freely.
 */
import { kafkaDown, kafkaStatus, kafkaUp } from './infra/kafka';
import { rmSync } from 'node:fs';
import { postgresDown, postgresReset, postgresStatus, postgresUp } from './infra/postgres';
import { STATE_DIR } from './infra/state';

type Part = 'kafka' | 'postgres';

const actions = {
  // Postgres first on the way up (it starts in well under a second), Kafka first on the way down so
  // that nothing is left publishing into a closing database.
  async up(parts: Part[]) {
    if (parts.includes('postgres')) await postgresUp();
    if (parts.includes('kafka')) await kafkaUp();
  },
  async down(parts: Part[]) {
    if (parts.includes('kafka')) await kafkaDown();
    if (parts.includes('postgres')) await postgresDown();
  },
  /** Stops both and deletes all their data: the next `up` starts from empty. */
  async reset(parts: Part[]) {
    await this.down(parts);
    if (parts.includes('postgres')) await postgresReset();
    if (parts.includes('kafka')) {
      rmSync(`${STATE_DIR}/kafka/data`, { recursive: true, force: true });
      console.log('kafka: data deleted');
    }
  },
  async status(parts: Part[]) {
    if (parts.includes('postgres')) console.log(await postgresStatus());
    if (parts.includes('kafka')) console.log(kafkaStatus());
  },
};

async function main(): Promise<void> {
  const [verb, part] = process.argv.slice(2);
  if (!verb || !(verb in actions) || (part && part !== 'kafka' && part !== 'postgres')) {
    console.error('usage: infra.ts up|down|reset|status [kafka|postgres]');
    process.exit(2);
  }
  const parts: Part[] = part ? [part as Part] : ['postgres', 'kafka'];
  await actions[verb as keyof typeof actions](parts);
}

main().catch((error: Error) => {
  // A message for a person, not a stack trace: every thrown error here says what to do.
  console.error(error.message);
  process.exit(1);
});
