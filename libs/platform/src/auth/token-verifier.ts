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
 */
export class TokenVerifier {
  private readonly anchors: TrustAnchor[] = [];

  constructor(
    private readonly env: TokenSettings,
    remoteKeyOptions: Partial<RemoteKeyOptions> = {},
  ) {
    const local = localKey(env);
    if (local) {
      this.anchors.push({ issuer: env.AUTH_ISSUER, ...local, roles: accordRoles });
    }
    if (env.OIDC_ISSUER) {
      const setting = { AUTH_ROLES_CLAIM: env.AUTH_ROLES_CLAIM ?? 'roles', AUTH_ROLE_MAP: env.AUTH_ROLE_MAP ?? '' };
      this.anchors.push({
        issuer: env.OIDC_ISSUER,
        key: new RemoteKeys(env.OIDC_ISSUER, env.AUTH_JWKS_URL || undefined, remoteKeyOptions).getKey,
        algorithms: ASYMMETRIC,
        roles: (payload) => rolesFromClaims(payload, setting),
      });
    }
  }

  /** @throws InvalidToken (401), or IdentityProviderUnavailable when the provider's keys cannot be had (503). */
  async verify(token: string): Promise<AuthenticatedUser> {
    try {
      const anchor = this.anchors.find((candidate) => candidate.issuer === unverifiedIssuer(token));
      if (!anchor) throw new InvalidToken('the token was issued by another issuer');
      const options = {
        issuer: anchor.issuer,
        audience: this.env.AUTH_AUDIENCE,
        algorithms: anchor.algorithms,
        requiredClaims: ['sub', 'exp'],
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
      return { id: subject, roles: anchor.roles(payload), ...(name ? { name } : {}) };
    } catch (error) {
      if (error instanceof InvalidToken || error instanceof IdentityProviderUnavailable) throw error;
      throw new InvalidToken(reason(error));
    }
  }
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
