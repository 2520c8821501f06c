import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { ServiceEnvironment } from '../config/environment';
import { isRole } from './roles';
import type { AuthenticatedUser } from './user';

const SYMMETRIC = ['HS256', 'HS384', 'HS512'];
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Why a token was refused, in words a client developer can act on (never the token itself). */
export class InvalidToken extends Error {}

/**
 * Verifies bearer tokens: signature (a shared secret, a public key, or a JWKS file of an identity
 * provider), issuer, audience and expiry. Only the algorithms that fit the configured key are
 * accepted, so a token cannot pick a weaker one (no `none`, no HMAC keyed with a public key).
 */
export class TokenVerifier {
  private readonly key: Uint8Array | KeyObject | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly env: Pick<ServiceEnvironment, AuthSetting>) {
    if (env.AUTH_JWT_SECRET) {
      this.key = new TextEncoder().encode(env.AUTH_JWT_SECRET);
      this.algorithms = SYMMETRIC;
    } else if (env.AUTH_PUBLIC_KEY) {
      this.key = createPublicKey(env.AUTH_PUBLIC_KEY.replace(/\\n/g, '\n'));
      this.algorithms = ASYMMETRIC;
    } else {
      this.key = createLocalJWKSet(JSON.parse(readFileSync(env.AUTH_JWKS_FILE, 'utf8')) as { keys: [] });
      this.algorithms = ASYMMETRIC;
    }
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    try {
      // An overload per key shape: the union needs a branch to pick one.
      const options = {
        issuer: this.env.AUTH_ISSUER,
        audience: this.env.AUTH_AUDIENCE,
        algorithms: this.algorithms,
        requiredClaims: ['sub', 'exp'],
      };
      const { payload } =
        typeof this.key === 'function'
          ? await jwtVerify(token, this.key, options)
          : await jwtVerify(token, this.key, options);
      const subject = payload.sub ?? '';
      if (subject.length > 200 || !/^[\p{L}\p{N}@._:|-]+$/u.test(subject)) {
        throw new InvalidToken('the token subject (sub) must be 1 to 200 letters, digits or @._:|-');
      }
      const claimed: unknown = payload.roles;
      const roles = Array.isArray(claimed) ? claimed.filter(isRole) : [];
      return { id: subject, roles: [...new Set(roles)] };
    } catch (error) {
      throw error instanceof InvalidToken ? error : new InvalidToken(reason(error));
    }
  }
}

export type AuthSetting = 'AUTH_JWT_SECRET' | 'AUTH_PUBLIC_KEY' | 'AUTH_JWKS_FILE' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE';

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
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  return 'the token is malformed';
}
