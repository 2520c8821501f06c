import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { ServiceEnvironment } from '../config/environment';
import { IdentityProviderUnavailable, RemoteKeys, type RemoteKeyOptions } from './remote-keys';
import { isRole, type Role } from './roles';
import { rolesFromClaims } from './roles-claim';
import type { AuthenticatedUser } from './user';

const SYMMETRIC = ['HS256', 'HS384', 'HS512'];
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Why a token was refused, in words a client developer can act on (never the token itself). */
export class InvalidToken extends Error {}

/** Who may issue tokens, with the key that checks them and the way their roles are read. */
interface TrustAnchor {
  issuer: string;
  key: Uint8Array | KeyObject | JWTVerifyGetKey;
  algorithms: string[];
  roles: (payload: JWTPayload) => Role[];
  /**
   * The keys `key` verifies with now, as a value that changes whenever they may have: a local key is
   * read once, at start; the provider's are those of its last fetch (undefined while there are none
   * fresh, and then nothing is remembered).
   */
  currentKeys: () => object | undefined;
}

export interface VerificationCacheOptions {
  /** How many verified tokens are remembered at most; past it, the one remembered longest is forgotten. */
  maxEntries: number;
  /** How long (ms) after its verification a token is accepted without verifying it again. */
  maxAge: number;
  /** The wall clock (ms since the epoch): the tokens' `exp` and `nbf` are checked against it. */
  now: () => number;
}

export const VERIFICATION_CACHE_DEFAULTS: VerificationCacheOptions = {
  maxEntries: 1_000,
  maxAge: 60_000,
  now: () => Date.now(),
};

/** A successful verification, remembered. */
interface Verified {
  user: AuthenticatedUser;
  anchor: TrustAnchor;
  keys: object;
  /** The earlier of the token's `exp` and `maxAge` after it was verified. */
  until: number;
}

/** Local and machine tokens: today's settings, required by type so that existing callers keep compiling. */
export type AuthSetting = 'AUTH_JWT_SECRET' | 'AUTH_PUBLIC_KEY' | 'AUTH_JWKS_FILE' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE';
/** The identity provider's: optional, as a deployment may have none. */
export type ProviderSetting = 'OIDC_ISSUER' | 'AUTH_JWKS_URL' | 'AUTH_ROLES_CLAIM' | 'AUTH_ROLE_MAP';
export type TokenSettings = Pick<ServiceEnvironment, AuthSetting> & Partial<Pick<ServiceEnvironment, ProviderSetting>>;

/**
 * Verifies bearer tokens from up to two issuers: Accord's own (machine tokens, `npm run token`; a
 * shared secret, a public key or a JWKS file) and the company's identity provider (OIDC_ISSUER, its
 * keys fetched from the provider). The token's unverified `iss` only picks which of the two checks it;
 * that one then checks signature, issuer, audience and expiry. Only the algorithms that fit the key
 * are accepted, so a token cannot pick a weaker one (no `none`, no HMAC keyed with a public key, no
 * provider token signed with the local secret).
 *
 * A client sends the same token with every request, so a successful verification is remembered for
 * that token (the exact string), and the next request with it skips decoding and the signature check.
 * It is used until the earlier of the token's `exp` (checked at every use: an expired token is refused
 * as before) and one minute after the verification. That minute is the window this opens: a change
 * that would now refuse a token verified before it (its key rotated out or revoked) reaches that token
 * within a minute at most. For a provider token it ends sooner, as soon as the provider's keys are
 * fetched again (for an unknown `kid`, or when they are 10 minutes old), so a key the provider drops
 * is refused no later than before; local keys are read once, at start. At most 1,000 tokens are
 * remembered, the oldest forgotten first; a refusal (401 or 503) is never remembered.
 */
export class TokenVerifier {
  private readonly anchors: TrustAnchor[] = [];
  private readonly cache: VerificationCacheOptions;
  private readonly verified = new Map<string, Verified>();

  constructor(
    private readonly env: TokenSettings,
    remoteKeyOptions: Partial<RemoteKeyOptions> = {},
    cacheOptions: Partial<VerificationCacheOptions> = {},
  ) {
    this.cache = { ...VERIFICATION_CACHE_DEFAULTS, ...cacheOptions };
    const local = localKey(env);
    if (local) {
      const keys = {};
      this.anchors.push({ issuer: env.AUTH_ISSUER, ...local, roles: accordRoles, currentKeys: () => keys });
    }
    if (env.OIDC_ISSUER) {
      const setting = { AUTH_ROLES_CLAIM: env.AUTH_ROLES_CLAIM ?? 'roles', AUTH_ROLE_MAP: env.AUTH_ROLE_MAP ?? '' };
      const remote = new RemoteKeys(env.OIDC_ISSUER, env.AUTH_JWKS_URL || undefined, remoteKeyOptions);
      this.anchors.push({
        issuer: env.OIDC_ISSUER,
        key: remote.getKey,
        algorithms: ASYMMETRIC,
        roles: (payload) => rolesFromClaims(payload, setting),
        currentKeys: () => remote.currentKeys(),
      });
    }
  }

  /** @throws InvalidToken (401), or IdentityProviderUnavailable when the provider's keys cannot be had (503). */
  async verify(token: string): Promise<AuthenticatedUser> {
    const now = this.cache.now();
    const remembered = this.verified.get(token);
    if (remembered) {
      if (now < remembered.until && remembered.anchor.currentKeys() === remembered.keys) return copyOf(remembered.user);
      this.verified.delete(token);
    }
    const { user, anchor, keys, expiresAt } = await this.check(token, now);
    // Only when the keys did not change while it was checked: the result belongs to those keys.
    if (keys !== undefined && anchor.currentKeys() === keys) {
      this.remember(token, { user: copyOf(user), anchor, keys, until: Math.min(expiresAt, now + this.cache.maxAge) });
    }
    return user;
  }

  private remember(token: string, verified: Verified): void {
    this.verified.set(token, verified);
    if (this.verified.size > this.cache.maxEntries) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
  }

  /** The full check: the token's issuer picks the anchor, whose key verifies its signature and claims. */
  private async check(
    token: string,
    now: number,
  ): Promise<{ user: AuthenticatedUser; anchor: TrustAnchor; keys: object | undefined; expiresAt: number }> {
    try {
      const anchor = this.anchors.find((candidate) => candidate.issuer === unverifiedIssuer(token));
      if (!anchor) throw new InvalidToken('the token was issued by another issuer');
      const keys = anchor.currentKeys();
      const options = {
        issuer: anchor.issuer,
        audience: this.env.AUTH_AUDIENCE,
        algorithms: anchor.algorithms,
        requiredClaims: ['sub', 'exp'],
        currentDate: new Date(now),
      };
      // An overload per key shape: the union needs a branch to pick one.
      const { payload } =
        typeof anchor.key === 'function'
          ? await jwtVerify(token, anchor.key, options)
          : await jwtVerify(token, anchor.key, options);
      const subject = payload.sub ?? '';
      if (subject.length > 200 || !/^[\p{L}\p{N}@._:|-]+$/u.test(subject)) {
        throw new InvalidToken('the token subject (sub) must be 1 to 200 letters, digits or @._:|-');
      }
      const name = nameOf(payload);
      const user = { id: subject, roles: anchor.roles(payload), ...(name ? { name } : {}) };
      // `exp` is required, and jose has checked that it is a number in the future.
      return { user, anchor, keys, expiresAt: (payload.exp ?? 0) * 1000 };
    } catch (error) {
      if (error instanceof InvalidToken || error instanceof IdentityProviderUnavailable) throw error;
      throw new InvalidToken(reason(error));
    }
  }
}

/** Each request its own user: the remembered one is never handed out to be changed. */
function copyOf(user: AuthenticatedUser): AuthenticatedUser {
  return { ...user, roles: [...user.roles] };
}

function localKey(env: TokenSettings): Pick<TrustAnchor, 'key' | 'algorithms'> | undefined {
  if (env.AUTH_JWT_SECRET) return { key: new TextEncoder().encode(env.AUTH_JWT_SECRET), algorithms: SYMMETRIC };
  if (env.AUTH_PUBLIC_KEY) {
    return { key: createPublicKey(env.AUTH_PUBLIC_KEY.replace(/\\n/g, '\n')), algorithms: ASYMMETRIC };
  }
  if (env.AUTH_JWKS_FILE) {
    const jwks = JSON.parse(readFileSync(env.AUTH_JWKS_FILE, 'utf8')) as { keys: [] };
    return { key: createLocalJWKSet(jwks), algorithms: ASYMMETRIC };
  }
  return undefined;
}

/** Only to choose the anchor: nothing read here is trusted before the chosen anchor verifies it. */
function unverifiedIssuer(token: string): string | undefined {
  try {
    return decodeJwt(token).iss;
  } catch {
    throw new InvalidToken('the token is malformed');
  }
}

/** Accord's own tokens carry a `roles` array of Accord role names, as they always have. */
function accordRoles(payload: JWTPayload): Role[] {
  const claimed: unknown = payload.roles;
  return [...new Set(Array.isArray(claimed) ? claimed.filter(isRole) : [])];
}

/** A display name for the dashboard, when the token has a sensible one; never needed, never trusted for access. */
function nameOf(payload: JWTPayload): string | undefined {
  const name = typeof payload.name === 'string' ? payload.name.trim() : '';
  return name.length > 0 && name.length <= 200 && !/\p{Cc}/u.test(name) ? name : undefined;
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'the token was issued by another issuer';
    if (error.claim === 'aud') return 'the token is meant for another audience';
    if (error.claim === 'nbf') return 'the token is not valid yet';
    return `the token has no valid ${error.claim} claim`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'the token is signed with an algorithm this service does not accept';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token is signed with a key this service does not know';
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'the token does not say which key signed it (kid), and several could have';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  return 'the token is malformed';
}
