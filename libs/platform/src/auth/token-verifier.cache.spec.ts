import { SignJWT, jwtVerify } from 'jose';
import { TokenVerifier, type VerificationCacheOptions } from './token-verifier';
import { SECRET as secret, SHARED_SECRET_SETTINGS as settings } from '../../test/verifier.fixture';

// jose's own verification, counted: a remembered token must not reach it.
jest.mock('jose', () => {
  const actual: typeof import('jose') = jest.requireActual('jose');
  return { ...actual, jwtVerify: jest.fn(actual.jwtVerify) };
});
const checks = jwtVerify as jest.MockedFunction<typeof jwtVerify>;

const START = Date.UTC(2026, 0, 1, 9);
const seconds = (ms: number) => Math.floor(ms / 1000);

/** A token issued at START, valid for `lifetime` seconds (or from `notBefore`). */
function token(claims: { sub?: string; roles?: string[]; aud?: string; lifetime?: number; notBefore?: number } = {}) {
  const { sub = 'ada', roles = ['alliance_manager'], aud = 'accord', lifetime = 3600, notBefore } = claims;
  const jwt = new SignJWT({ roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer('accord')
    .setAudience(aud)
    .setIssuedAt(seconds(START))
    .setExpirationTime(seconds(START) + lifetime);
  if (notBefore !== undefined) jwt.setNotBefore(notBefore);
  return jwt.sign(new TextEncoder().encode(secret));
}

describe('TokenVerifier remembers a successful verification', () => {
  let clock: number;
  const verifier = (options: Partial<VerificationCacheOptions> = {}) =>
    new TokenVerifier(settings, {}, { now: () => clock, ...options });
  const outcome = (on: TokenVerifier, jwt: string) =>
    on.verify(jwt).then(
      (user) => `accepted as ${user.id} with ${user.roles.join(',')}`,
      (error: Error) => error.message,
    );

  beforeEach(() => {
    clock = START;
    checks.mockClear();
  });

  it('checks a token once and answers the next requests with it from memory, the same user each time', async () => {
    const on = verifier();
    const jwt = await token({ roles: ['legal', 'viewer', 'superuser'] });
    const first = await on.verify(jwt);
    clock += 30_000;
    const again = await on.verify(jwt);
    expect(checks).toHaveBeenCalledTimes(1);
    expect(again).toEqual({ id: 'ada', roles: ['legal', 'viewer'] });
    expect(again).toEqual(first);
    // Each request its own copy: what one does to it, the next does not see.
    again.roles.push('admin');
    expect((await on.verify(jwt)).roles).toEqual(['legal', 'viewer']);
  });

  it('refuses a remembered token once it has expired (exp is checked at every use)', async () => {
    const on = verifier();
    const jwt = await token({ lifetime: 30 });
    expect(await outcome(on, jwt)).toBe('accepted as ada with alliance_manager');
    clock = START + 29_999;
    expect(await outcome(on, jwt)).toBe('accepted as ada with alliance_manager');
    expect(checks).toHaveBeenCalledTimes(1);
    clock = START + 30_000;
    expect(await outcome(on, jwt)).toBe('the token has expired');
    expect(await outcome(on, jwt)).toBe('the token has expired');
    expect(checks).toHaveBeenCalledTimes(3);
  });

  it('checks a token again a minute after it was checked', async () => {
    const on = verifier();
    const jwt = await token({ lifetime: 3600 });
    await on.verify(jwt);
    clock = START + 59_999;
    await on.verify(jwt);
    expect(checks).toHaveBeenCalledTimes(1);
    clock = START + 60_000;
    await on.verify(jwt);
    expect(checks).toHaveBeenCalledTimes(2);
    // ...and remembers that check for the next minute.
    clock = START + 119_999;
    await on.verify(jwt);
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('remembers 1,000 tokens at most, forgetting the oldest first', async () => {
    const on = verifier();
    const jwts = await Promise.all(Array.from({ length: 1_001 }, (_, i) => token({ sub: `user-${i}` })));
    for (const jwt of jwts) await on.verify(jwt);
    expect(checks).toHaveBeenCalledTimes(1_001);
    // The last 1,000 are remembered...
    expect(await outcome(on, jwts[1_000])).toBe('accepted as user-1000 with alliance_manager');
    expect(await outcome(on, jwts[1])).toBe('accepted as user-1 with alliance_manager');
    expect(checks).toHaveBeenCalledTimes(1_001);
    // ...the first was forgotten, and is checked again; remembering it forgets user-1, now the oldest.
    expect(await outcome(on, jwts[0])).toBe('accepted as user-0 with alliance_manager');
    expect(checks).toHaveBeenCalledTimes(1_002);
    await on.verify(jwts[1]);
    expect(checks).toHaveBeenCalledTimes(1_003);
  });

  it('forgets in the order tokens were checked, whatever the bound', async () => {
    const on = verifier({ maxEntries: 2 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((sub) => token({ sub })));
    for (const jwt of [a, b, c]) await on.verify(jwt);
    await on.verify(c);
    await on.verify(b);
    expect(checks).toHaveBeenCalledTimes(3);
    await on.verify(a);
    expect(checks).toHaveBeenCalledTimes(4);
  });

  it('never remembers a refusal: the same token is checked again, and accepted once it is valid', async () => {
    const on = verifier();
    const early = await token({ notBefore: seconds(START) + 10 });
    expect(await outcome(on, early)).toBe('the token is not valid yet');
    expect(await outcome(on, early)).toBe('the token is not valid yet');
    clock = START + 10_000;
    expect(await outcome(on, early)).toBe('accepted as ada with alliance_manager');
    expect(checks).toHaveBeenCalledTimes(3);

    const elsewhere = await token({ aud: 'billing' });
    for (let i = 0; i < 3; i += 1) {
      expect(await outcome(on, elsewhere)).toBe('the token is meant for another audience');
    }
    expect(checks).toHaveBeenCalledTimes(6);
  });

  it('remembers per verifier: a token one accepts is still checked by another (another audience)', async () => {
    const jwt = await token();
    expect(await outcome(verifier(), jwt)).toBe('accepted as ada with alliance_manager');
    const billing = new TokenVerifier({ ...settings, AUTH_AUDIENCE: 'billing' }, {}, { now: () => clock });
    expect(await outcome(billing, jwt)).toBe('the token is meant for another audience');
  });
});
