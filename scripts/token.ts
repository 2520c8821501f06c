/**
 * `npm run token -- --role alliance_manager [--sub ada] [--ttl 8h]`: prints a bearer token for the
 * local suite, signed with its development secret (see scripts/auth/dev-auth.ts). Several roles:
 * `--role alliance_manager,legal`. Use it as `curl -H "Authorization: Bearer $(npm run -s token -- --role viewer)"`.
 */
import { parseArgs } from 'node:util';
import { devToken, parseRoles } from './auth/dev-auth';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'viewer' },
      sub: { type: 'string', default: process.env.USER || 'developer' },
      ttl: { type: 'string', default: '8h' },
    },
  });
  process.stdout.write(`${await devToken(values.sub, parseRoles(values.role), values.ttl)}\n`);
}

main().catch((error: Error) => {
  console.error(`token: ${error.message}`);
  process.exit(1);
});
