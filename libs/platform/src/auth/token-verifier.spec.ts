import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, type KeyLike } from 'jose';
import { mintToken } from './tokens';
import { TokenVerifier } from './token-verifier';
import { SECRET as secret, SHARED_SECRET_SETTINGS as settings } from '../../test/verifier.fixture';

const withSecret = new TokenVerifier(settings);
const mint = (overrides: Partial<Parameters<typeof mintToken>[0]> = {}) =>
  mintToken({
    subject: 'ada',
    roles: ['alliance_manager'],
    secret,
    issuer: 'accord',
    audience: 'accord',
    ...overrides,
  });

async function refusal(verifier: TokenVerifier, token: string): Promise<string> {
  return verifier.verify(token).then(
    () => 'accepted',
    (error: Error) => error.message,
  );
}

function signed(key: KeyLike | Uint8Array, alg: string, claims: Record<string, unknown> = {}, kid?: string) {
  return new SignJWT({ roles: ['viewer'], ...claims })
    .setProtectedHeader({ alg, kid })
    .setSubject('ada')
    .setIssuer('accord')
    .setAudience('accord')
    .setExpirationTime('5m')
    .sign(key);
}

describe('TokenVerifier with a shared secret', () => {
  it('accepts a token it can verify and reads the user from it', async () => {
    expect(await withSecret.verify(await mint({ roles: ['legal', 'viewer'] }))).toEqual({
      id: 'ada',
      roles: ['legal', 'viewer'],
    });
  });

  it('keeps only the roles it knows', async () => {
    const token = await signed(new TextEncoder().encode(secret), 'HS256', { roles: ['legal', 'superuser', 7] });
    expect((await withSecret.verify(token)).roles).toEqual(['legal']);
  });

  it.each([
    ['an expired token', () => mint({ expiresIn: '-1s' }), 'the token has expired'],
    ['another issuer', () => mint({ issuer: 'elsewhere' }), 'the token was issued by another issuer'],
    ['another audience', () => mint({ audience: 'billing' }), 'the token is meant for another audience'],
    [
      'another secret',
      () => mint({ secret: 'another-secret-of-at-least-32-chars!' }),
      'the token signature is not valid',
    ],
    ['garbage', () => Promise.resolve('not.a.token'), 'the token is malformed'],
  ])('refuses %s, saying why', async (_, token, reason) => {
    expect(await refusal(withSecret, await token())).toBe(reason);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({ sub: 'ada', roles: ['admin'], iss: 'accord', aud: 'accord', exp: Date.now() / 1000 + 60 }),
    ).toString('base64url');
    expect(await refusal(withSecret, `${header}.${body}.`)).toBe(
      'the token is signed with an algorithm this service does not accept',
    );
  });

  it('refuses a subject it cannot record safely as the actor', async () => {
    expect(await refusal(withSecret, await mint({ subject: 'ada\nforged: yes' }))).toMatch(/token subject/);
  });
});

describe('TokenVerifier with an identity provider’s keys', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  it('verifies RS256 tokens with a PEM public key (one-line form with \\n escapes too)', async () => {
    const verifier = new TokenVerifier({
      ...settings,
      AUTH_JWT_SECRET: '',
      AUTH_PUBLIC_KEY: pem.replace(/\n/g, '\\n'),
    });
    expect(await verifier.verify(await signed(privateKey, 'RS256'))).toEqual({ id: 'ada', roles: ['viewer'] });
  });

  it('refuses an HMAC token keyed with the public key (algorithm confusion)', async () => {
    const verifier = new TokenVerifier({ ...settings, AUTH_JWT_SECRET: '', AUTH_PUBLIC_KEY: pem });
    const forged = await signed(new TextEncoder().encode(pem), 'HS256', { roles: ['admin'] });
    expect(await refusal(verifier, forged)).toBe('the token is signed with an algorithm this service does not accept');
  });

  it('verifies tokens with the key of a JWKS file, chosen by kid', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwks = {
      keys: [
        { ...(await exportJWK(other.publicKey)), kid: 'old', alg: 'ES256' },
        { ...(await exportJWK(publicKey)), kid: 'current', alg: 'RS256' },
      ],
    };
    const file = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
    writeFileSync(file, JSON.stringify(jwks));
    const verifier = new TokenVerifier({ ...settings, AUTH_JWT_SECRET: '', AUTH_JWKS_FILE: file });
    expect(await verifier.verify(await signed(privateKey, 'RS256', {}, 'current'))).toMatchObject({ id: 'ada' });
    expect(await verifier.verify(await signed(other.privateKey, 'ES256', {}, 'old'))).toMatchObject({ id: 'ada' });
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(await refusal(verifier, await signed(stranger.privateKey, 'RS256', {}, 'unknown'))).toBe(
      'the token is signed with a key this service does not know',
    );
  });
});

describe('TokenVerifier with two trust anchors', () => {
  const provider = 'https://login.example.com/realms/accord';
  // Nothing listens there: these tests must be decided before any key is fetched.
  const both = new TokenVerifier({ ...settings, OIDC_ISSUER: provider, AUTH_JWKS_URL: 'https://127.0.0.1:9/jwks' });

  it('still verifies local (machine) tokens, roles as before', async () => {
    expect(await both.verify(await mint({ roles: ['admin'] }))).toEqual({ id: 'ada', roles: ['admin'] });
  });

  it('refuses a token from an issuer it does not trust, before looking at its signature', async () => {
    expect(await refusal(both, await mint({ issuer: 'https://elsewhere.example.com' }))).toBe(
      'the token was issued by another issuer',
    );
    const withoutIss = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('ada')
      .setAudience('accord')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));
    expect(await refusal(both, withoutIss)).toBe('the token was issued by another issuer');
  });

  it('refuses a provider token signed with the local secret (HS256), without fetching keys', async () => {
    expect(await refusal(both, await mint({ issuer: provider, roles: ['admin'] }))).toBe(
      'the token is signed with an algorithm this service does not accept',
    );
  });

  it('trusts only the provider when no local key is set', async () => {
    const providerOnly = new TokenVerifier({
      ...settings,
      AUTH_JWT_SECRET: '',
      OIDC_ISSUER: provider,
      AUTH_JWKS_URL: 'https://127.0.0.1:9/jwks',
    });
    expect(await refusal(providerOnly, await mint())).toBe('the token was issued by another issuer');
  });

  it('says a malformed token is malformed', async () => {
    expect(await refusal(both, 'not.a.token')).toBe('the token is malformed');
    expect(await refusal(both, '')).toBe('the token is malformed');
  });
});

describe('TokenVerifier reading a name', () => {
  const named = (name: unknown) => signed(new TextEncoder().encode(secret), 'HS256', { name });

  it('keeps a sensible display name, and leaves out anything else', async () => {
    expect(await withSecret.verify(await named('Ada Lovelace'))).toEqual({
      id: 'ada',
      roles: ['viewer'],
      name: 'Ada Lovelace',
    });
    for (const odd of ['', '   ', 'x'.repeat(201), 'Ada\nforged: yes', 42]) {
      expect(await withSecret.verify(await named(odd))).not.toHaveProperty('name');
    }
  });
});
