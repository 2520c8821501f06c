/**
 * `npm run seed`: loads the demo partners through the partner service's own API, as an alliance
 * manager would. Idempotent: a partner already there answers 409 and is left as it is.
 */
import { demoPartners } from './seed/demo-partners';

const base = process.env.PARTNER_SERVICE_URL ?? `http://127.0.0.1:${process.env.PARTNER_SERVICE_PORT ?? 3001}`;

async function main(): Promise<void> {
  let created = 0;
  let present = 0;
  for (const partner of demoPartners) {
    const response = await fetch(`${base}/partners`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'seed-demo-partners' },
      body: JSON.stringify(partner),
    });
    if (response.status === 201) created++;
    else if (response.status === 409) present++;
    else throw new Error(`seeding ${partner.name} failed: ${response.status} ${await response.text()}`);
  }
  console.log(`seed: ${created} demo partners registered, ${present} already there (${base})`);
}

main().catch((error: Error) => {
  console.error(`seed: ${error.message}`);
  process.exit(1);
});
