import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../infra/state';

/**
 * The provider's secrets, made on first start and kept (readable by their owner only) in the state
 * folder: tokens and sign-in cookies stay valid across restarts, and `npm run infra:reset` (or
 * deleting .accord/identity) replaces them.
 */
function kept<T>(name: string, make: () => T): T {
  const file = join(stateDir('identity'), name);
  if (!existsSync(file)) writeFileSync(file, JSON.stringify(make()), { mode: 0o600 });
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** One RSA key signs ID and access tokens (RS256); its public half is served at jwks_uri. */
export function signingKeys(): { keys: object[] } {
  return kept('jwks.json', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' }] };
  });
}

/** Keys for the signed session and interaction cookies. */
export function cookieKeys(): string[] {
  return kept('cookie-keys.json', () => [randomBytes(32).toString('base64url')]);
}
