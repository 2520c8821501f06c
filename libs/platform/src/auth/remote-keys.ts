import { Logger } from '@nestjs/common';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwksCache,
  type ExportedJWKSCache,
  type FlattenedJWSInput,
  type JWTHeaderParameters,
  type JWTVerifyGetKey,
} from 'jose';
import { providerUrlProblem } from './provider-url';

/**
 * The identity provider's keys could not be had, so a token it signed could not be checked: the token
 * may well be fine, which is why this is not an InvalidToken (the guard answers 503, not 401).
 */
export class IdentityProviderUnavailable extends Error {
  /** For the logs: what failed, with the provider's addresses (the client hears only the message). */
  constructor(readonly reason: string) {
    super("the identity provider's keys could not be fetched");
    this.name = 'IdentityProviderUnavailable';
  }
}

export interface RemoteKeyOptions {
  /** How long a fetched key set is used before it is fetched again. */
  cacheMaxAge: number;
  /** After a fetch, how long a token with an unknown `kid` is refused without fetching again. */
  cooldownDuration: number;
  /** How long one HTTP request to the provider may take. */
  timeoutDuration: number;
  /** While the provider cannot be reached, keys fetched at most this long ago keep verifying tokens. */
  staleKeysFor: number;
  /** After a failed key fetch, how long the provider is left alone (stale keys or 503 meanwhile). */
  retryAfter: number;
}

export const REMOTE_KEY_DEFAULTS: RemoteKeyOptions = {
  cacheMaxAge: 10 * 60_000,
  // Bounds what tokens with made-up `kid`s can make us fetch: one request per 30 s at most.
  cooldownDuration: 30_000,
  timeoutDuration: 5_000,
  // Tokens issued before an outage stay usable through it; an hour covers most access tokens' life.
  staleKeysFor: 60 * 60_000,
  // A provider that hangs would otherwise cost every request the whole timeout.
  retryAfter: 5_000,
};

/** Errors of the key lookup that are about the token, not the provider: jose found no key for it. */
const TOKEN_PROBLEMS = [errors.JWKSNoMatchingKey, errors.JWKSMultipleMatchingKeys, errors.JOSENotSupported];

/**
 * An identity provider's signing keys, for `jwtVerify`: from `jwksUrl`, or else from the `jwks_uri` of
 * the issuer's discovery document (fetched on first use, again after a failure). jose's remote set
 * caches them and fetches again for an unknown `kid`, which is how a key rotation reaches us.
 */
export class RemoteKeys {
  private readonly logger = new Logger('IdentityProvider');
  private readonly options: RemoteKeyOptions;
  /** jose writes each fetched set here (`uat`, `jwks`): the keys to fall back on during an outage. */
  private readonly fetched: ExportedJWKSCache | Record<string, never> = {};
  private keySet?: Promise<JWTVerifyGetKey>;
  private stale?: { uat: number; keys: JWTVerifyGetKey };
  private failedAt = -Infinity;

  constructor(
    private readonly issuer: string,
    private readonly jwksUrl: string | undefined,
    options: Partial<RemoteKeyOptions> = {},
  ) {
    this.options = { ...REMOTE_KEY_DEFAULTS, ...options };
  }

  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const keys = await this.remoteSet();
    if (Date.now() - this.failedAt < this.options.retryAfter) return this.staleKey(header, token, 'still unreachable');
    try {
      return await keys(header, token);
    } catch (error) {
      if (TOKEN_PROBLEMS.some((problem) => error instanceof problem)) throw error;
      this.failedAt = Date.now();
      const cause = `its key set could not be fetched: ${describe(error)}`;
      this.logger.warn(`The identity provider ${this.issuer}: ${cause}`);
      return this.staleKey(header, token, cause);
    }
  };

  /**
   * The key set `getKey` answers from without fetching, while there is one: the last one fetched, still
   * fresh (younger than `cacheMaxAge`) and no fetch failed lately. A new object after every fetch, so a
   * verification remembered with it (TokenVerifier) ends as soon as the keys are fetched again, a key
   * rotation included; undefined while the keys are unknown, out of date or unreachable.
   */
  currentKeys(): object | undefined {
    if (!('uat' in this.fetched)) return undefined;
    const now = Date.now();
    if (now - this.fetched.uat >= this.options.cacheMaxAge || now - this.failedAt < this.options.retryAfter) {
      return undefined;
    }
    return this.fetched.jwks;
  }

  /** The last fetched keys, while recent enough; a token they do not know could be one of the new ones. */
  private async staleKey(header: JWTHeaderParameters, token: FlattenedJWSInput, cause: string) {
    if (!('uat' in this.fetched) || Date.now() - this.fetched.uat > this.options.staleKeysFor) {
      throw new IdentityProviderUnavailable(cause);
    }
    if (this.stale?.uat !== this.fetched.uat) {
      this.stale = { uat: this.fetched.uat, keys: createLocalJWKSet(this.fetched.jwks) };
    }
    try {
      return await this.stale.keys(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) throw new IdentityProviderUnavailable(cause);
      throw error;
    }
  }

  private remoteSet(): Promise<JWTVerifyGetKey> {
    this.keySet ??= this.keySetUrl().then(
      (url) =>
        createRemoteJWKSet(url, {
          cacheMaxAge: this.options.cacheMaxAge,
          cooldownDuration: this.options.cooldownDuration,
          timeoutDuration: this.options.timeoutDuration,
          [jwksCache]: this.fetched,
        }),
      (error: unknown) => {
        // Not cached: the next token tries the discovery again.
        this.keySet = undefined;
        throw error;
      },
    );
    return this.keySet;
  }

  private async keySetUrl(): Promise<URL> {
    if (this.jwksUrl) return new URL(this.jwksUrl);
    const discovery = `${this.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    try {
      const response = await fetch(discovery, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutDuration),
      });
      if (!response.ok) throw new Error(`${discovery} answered ${response.status}`);
      const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
      // OpenID Connect Discovery §4.3: a document for another issuer must not be used.
      if (document.issuer !== this.issuer) {
        throw new Error(`${discovery} is for the issuer ${JSON.stringify(document.issuer)}, not ${this.issuer}`);
      }
      const jwksUri = typeof document.jwks_uri === 'string' ? document.jwks_uri : '';
      const problem = providerUrlProblem(jwksUri);
      if (problem) throw new Error(`the jwks_uri of ${discovery}, ${JSON.stringify(jwksUri)}, ${problem}`);
      return new URL(jwksUri);
    } catch (error) {
      const cause = `its discovery failed: ${describe(error)}`;
      this.logger.warn(`The identity provider ${this.issuer}: ${cause}`);
      throw new IdentityProviderUnavailable(cause);
    }
  }
}

/** Duck-typed: the errors of Node's fetch and http may come from another realm (a test's sandbox). */
function describe(error: unknown): string {
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { message?: unknown } };
  if (typeof message !== 'string') return String(error);
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, a certificate) is its cause.
  return typeof cause?.message === 'string' ? `${message}: ${cause.message}` : message;
}
