import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';
import { IdentityProviderUnavailable, type RemoteKeyOptions } from './remote-keys';
import { TokenVerifier } from './token-verifier';

/**
 * The identity provider's side over real HTTP: a tiny OpenID provider (a discovery document and a
 * JWKS) in this process, whose keys the test rotates and which it takes down.
 */
class FakeProvider {
  readonly requests = { discovery: 0, jwks: 0 };
  keys: JWK[] = [];
  discoveryStatus = 200;
  private server?: Server;
  private port = 0;

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = createServer((request, response) => {
      const json = (status: number, body: unknown) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (request.url === '/.well-known/openid-configuration') {
        this.requests.discovery += 1;
        json(this.discoveryStatus, { issuer: this.issuer, jwks_uri: `${this.issuer}/jwks` });
      } else if (request.url === '/jwks') {
        this.requests.jwks += 1;
        json(200, { keys: this.keys });
      } else {
        json(404, {});
      }
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    // Node's agent keeps connections alive: close them too, or the port stays reachable.
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  jwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

function tokenFrom(provider: FakeProvider, key: SigningKey, claims: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ realm_access: { roles: ['accord-legal', 'offline_access'] }, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setSubject('f3c1a9e2-7d4b-4b8e-9a51-0c2d5e6f7a8b')
    .setIssuer(provider.issuer)
    .setAudience('accord')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key.privateKey);
}

function verifierFor(provider: FakeProvider, options: Partial<RemoteKeyOptions> = {}, jwksUrl = ''): TokenVerifier {
  return new TokenVerifier(
    {
      AUTH_JWT_SECRET: 'a-shared-secret-of-at-least-32-chars',
      AUTH_PUBLIC_KEY: '',
      AUTH_JWKS_FILE: '',
      AUTH_ISSUER: 'accord',
      AUTH_AUDIENCE: 'accord',
      OIDC_ISSUER: provider.issuer,
      AUTH_JWKS_URL: jwksUrl,
      AUTH_ROLES_CLAIM: 'realm_access.roles',
      AUTH_ROLE_MAP: 'accord-legal=legal,accord-managers=alliance_manager',
    },
    options,
  );
}

function outcome(verifier: TokenVerifier, token: string): Promise<string> {
  return verifier.verify(token).then(
    (user) => `accepted with ${user.roles.join(',') || 'no role'}`,
    (error: Error) => `${error.constructor.name}: ${error.message}`,
  );
}

const UNAVAILABLE = "IdentityProviderUnavailable: the identity provider's keys could not be fetched";
const UNKNOWN_KEY = 'InvalidToken: the token is signed with a key this service does not know';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TokenVerifier with an identity provider’s keys over HTTP', () => {
  const providers: FakeProvider[] = [];
  let first: SigningKey;
  let second: SigningKey;

  async function provider(...keys: SigningKey[]): Promise<FakeProvider> {
    const started = await new FakeProvider().start();
    started.keys = keys.map((key) => key.jwk);
    providers.push(started);
    return started;
  }

  beforeAll(async () => {
    // The provider's outages below are expected: their warnings would only be noise here.
    Logger.overrideLogger(['error']);
    [first, second] = await Promise.all([signingKey('2024-key'), signingKey('2025-key')]);
  });
  afterAll(() => Promise.all(providers.map((started) => started.stop())));

  it('finds the keys through the discovery document and reads the mapped roles', async () => {
    const idp = await provider(first);
    const user = await verifierFor(idp).verify(await tokenFrom(idp, first, { name: 'Ada Lovelace' }));
    expect(user).toEqual({ id: 'f3c1a9e2-7d4b-4b8e-9a51-0c2d5e6f7a8b', roles: ['legal'], name: 'Ada Lovelace' });
    expect(idp.requests).toEqual({ discovery: 1, jwks: 1 });
  });

  it('takes the keys from AUTH_JWKS_URL when set, without discovery', async () => {
    const idp = await provider(first);
    const verifier = verifierFor(idp, {}, `${idp.issuer}/jwks`);
    expect(await outcome(verifier, await tokenFrom(idp, first))).toBe('accepted with legal');
    expect(idp.requests).toEqual({ discovery: 0, jwks: 1 });
  });

  it('fetches the key set once for many verifications, concurrent or not', async () => {
    const idp = await provider(first);
    const verifier = verifierFor(idp);
    const token = await tokenFrom(idp, first);
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => outcome(verifier, token)));
    for (let i = 0; i < 20; i += 1) concurrent.push(await outcome(verifier, token));
    expect(new Set(concurrent)).toEqual(new Set(['accepted with legal']));
    expect(idp.requests).toEqual({ discovery: 1, jwks: 1 });
  });

  it('follows a key rotation: a new kid fetches the set again, a removed key is refused', async () => {
    const idp = await provider(first);
    // No cooldown: the rotation happens milliseconds after the first fetch here, not days.
    const verifier = verifierFor(idp, { cooldownDuration: 0 });
    const before = await tokenFrom(idp, first);
    expect(await outcome(verifier, before)).toBe('accepted with legal');

    idp.keys = [second.jwk];
    expect(await outcome(verifier, await tokenFrom(idp, second))).toBe('accepted with legal');
    expect(idp.requests.jwks).toBe(2);
    expect(await outcome(verifier, before)).toBe(UNKNOWN_KEY);
    expect(idp.requests.jwks).toBe(3);
  });

  it('forgets a remembered verification as soon as the keys are fetched again: a rotated-out key is refused', async () => {
    const idp = await provider(first);
    const verifier = verifierFor(idp, { cooldownDuration: 0 });
    const before = await tokenFrom(idp, first);
    // Checked twice: the first check fetched the keys, the second is remembered with them.
    expect(await outcome(verifier, before)).toBe('accepted with legal');
    expect(await outcome(verifier, before)).toBe('accepted with legal');
    expect(await outcome(verifier, before)).toBe('accepted with legal');
    expect(idp.requests.jwks).toBe(1);

    idp.keys = [second.jwk];
    expect(await outcome(verifier, await tokenFrom(idp, second))).toBe('accepted with legal');
    expect(idp.requests.jwks).toBe(2);
    expect(await outcome(verifier, before)).toBe(UNKNOWN_KEY);
  });

  it('lets unknown kids make it fetch at most once per cooldown', async () => {
    const idp = await provider(first);
    const verifier = verifierFor(idp);
    expect(await outcome(verifier, await tokenFrom(idp, first))).toBe('accepted with legal');
    const stranger = await tokenFrom(idp, second);
    for (let i = 0; i < 10; i += 1) expect(await outcome(verifier, stranger)).toBe(UNKNOWN_KEY);
    expect(idp.requests.jwks).toBe(1);
  });

  it('answers "unavailable", not "invalid", while the provider cannot be reached', async () => {
    const idp = await provider(first);
    const token = await tokenFrom(idp, first);
    await idp.stop();
    const verifier = verifierFor(idp);
    const error = await verifier.verify(token).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IdentityProviderUnavailable);
    expect((error as IdentityProviderUnavailable).reason).toMatch(/discovery failed: .*ECONNREFUSED/);

    const direct = verifierFor(idp, {}, `${idp.issuer}/jwks`);
    const fromJwksUrl = await direct.verify(token).catch((caught: unknown) => caught);
    expect(fromJwksUrl).toBeInstanceOf(IdentityProviderUnavailable);
    expect((fromJwksUrl as IdentityProviderUnavailable).reason).toMatch(/key set could not be fetched: .*ECONNREFUSED/);

    // A failed discovery is not kept: once the provider is back, the next token goes through.
    await idp.start();
    expect(await outcome(verifier, token)).toBe('accepted with legal');
  });

  it('retries a discovery that failed, on the next token', async () => {
    const idp = await provider(first);
    idp.discoveryStatus = 500;
    const verifier = verifierFor(idp);
    const token = await tokenFrom(idp, first);
    expect(await outcome(verifier, token)).toBe(UNAVAILABLE);
    idp.discoveryStatus = 200;
    expect(await outcome(verifier, token)).toBe('accepted with legal');
    expect(idp.requests).toEqual({ discovery: 2, jwks: 1 });
  });

  it('keeps verifying with the keys it has through a short outage, for a while', async () => {
    const idp = await provider(first);
    const verifier = verifierFor(idp, { cacheMaxAge: 20, retryAfter: 0, staleKeysFor: 400 });
    const token = await tokenFrom(idp, first);
    expect(await outcome(verifier, token)).toBe('accepted with legal');
    await idp.stop();
    await sleep(50);
    // The cached set is out of date and cannot be refreshed: the last one fetched still knows this key.
    expect(await outcome(verifier, token)).toBe('accepted with legal');
    // A key it does not know may be a new one it cannot fetch: that is no proof the token is bad.
    expect(await outcome(verifier, await tokenFrom(idp, second))).toBe(UNAVAILABLE);
    await sleep(400);
    expect(await outcome(verifier, token)).toBe(UNAVAILABLE);
  });

  it('leaves a provider that failed alone for a moment rather than waiting on it for every token', async () => {
    const idp = await provider(first);
    const verifier = verifierFor(idp, { cacheMaxAge: 20, retryAfter: 60_000 });
    const token = await tokenFrom(idp, first);
    expect(await outcome(verifier, token)).toBe('accepted with legal');
    idp.keys = [];
    await idp.stop();
    await sleep(50);
    expect(await outcome(verifier, token)).toBe('accepted with legal');
    await idp.start();
    expect(await outcome(verifier, token)).toBe('accepted with legal');
    expect(idp.requests.jwks).toBe(1);
  });
});
