/**
 * How the dashboard signs people in: the company's OpenID provider, this app's client registration,
 * and the session's lifetimes. Read once, at start, from the environment (secrets included), so a
 * missing secret stops the dashboard with a clear message rather than at the first sign-in.
 */
export interface SignInSettings {
  /** The provider's issuer URL; discovery finds everything else. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** `openid profile offline_access` by default; offline_access asks for a refresh token. */
  scope: string;
  /** Extra authorization parameters some providers need (Auth0's `audience`, a `resource`). */
  authorizationParams: Record<string, string>;
  /** The dashboard's address as its users type it; without it, only loopback hosts are served. */
  publicUrl?: URL;
  /** Encrypts the tokens kept in the session store (they never reach the browser). */
  sessionSecret: string;
  /** A session unused this long ends; none lasts longer than `absoluteMinutes`. */
  idleMinutes: number;
  absoluteMinutes: number;
}

export class SignInConfigError extends Error {}

export function signInSettings(env: NodeJS.ProcessEnv = process.env): SignInSettings | undefined {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) return undefined; // sign-in is off; bearer tokens still work
  const missing = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'SESSION_SECRET'].filter((name) => !env[name]?.trim());
  if (missing.length > 0) throw new SignInConfigError(`OIDC_ISSUER is set: set ${missing.join(', ')} too`);
  if ((env.SESSION_SECRET ?? '').length < 32)
    throw new SignInConfigError('SESSION_SECRET must be at least 32 characters (256 bits)');
  return {
    issuer,
    clientId: env.OIDC_CLIENT_ID!.trim(),
    clientSecret: env.OIDC_CLIENT_SECRET!.trim(),
    scope: env.OIDC_SCOPE?.trim() || 'openid profile offline_access',
    authorizationParams: Object.fromEntries(new URLSearchParams(env.OIDC_AUTHORIZATION_PARAMS ?? '')),
    publicUrl: env.PUBLIC_URL ? new URL(env.PUBLIC_URL) : undefined,
    sessionSecret: env.SESSION_SECRET!,
    idleMinutes: minutes(env.SESSION_IDLE_MINUTES, 60, 'SESSION_IDLE_MINUTES'),
    absoluteMinutes: minutes(env.SESSION_MAX_MINUTES, 12 * 60, 'SESSION_MAX_MINUTES'),
  };
}

function minutes(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new SignInConfigError(`${name} must be a whole number of minutes`);
  return parsed;
}
