import type { Role } from '../../libs/platform/src/auth/roles';
import { localSecret } from '../infra/state';

/**
 * The local OpenID Connect provider (scripts/identity/provider.ts) as its clients see it: where it
 * is, the dashboard's client credentials and the demo users. Kept free of oidc-provider itself (an
 * ES module), so that scripts/run.ts and the tests can import it.
 */
export interface DemoUser {
  username: string;
  name: string;
  roles: Role[];
  /** How `npm start` describes the user. */
  duty: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'ada', name: 'Ada Lovelace', roles: ['alliance_manager'], duty: 'alliance manager' },
  { username: 'lee', name: 'Lee Morgan', roles: ['legal'], duty: 'legal' },
  { username: 'val', name: 'Val Okafor', roles: ['viewer'], duty: 'viewer' },
  { username: 'root', name: 'Root Admin', roles: ['admin'], duty: 'admin' },
];

/** One password for every demo user: these accounts exist on developers' machines only. */
export function demoPassword(): string {
  return process.env.IDP_DEMO_PASSWORD || 'accord';
}

export function identityPort(): number {
  return Number(process.env.IDP_PORT || 4400);
}

/** The provider's issuer. `localhost`, not 127.0.0.1: the browser keeps its cookies by host name. */
export function identityIssuer(): string {
  return process.env.IDP_ISSUER || `http://localhost:${identityPort()}`;
}

export function identityClientId(): string {
  return process.env.OIDC_CLIENT_ID || 'accord-dashboard';
}

/**
 * The dashboard's client secret: OIDC_CLIENT_SECRET when the environment gives one, otherwise a
 * random one made on first use and kept (readable by its owner only) in the git-ignored state
 * folder, where the provider and the dashboard both find it.
 */
export function identityClientSecret(): string {
  return localSecret('OIDC_CLIENT_SECRET', 'identity', 'client-secret', 32);
}

/**
 * The key the dashboard encrypts its sign-in sessions with (SESSION_SECRET): from the environment, or
 * made once and kept beside the client secret, so sessions survive an `npm start` after `npm stop`.
 */
export function devSessionSecret(): string {
  return localSecret('SESSION_SECRET', 'auth', 'session-secret');
}

/** What the dashboard needs to sign people in with the local provider (OIDC_ISSUER wins if set). */
export function devIdentityEnvironment(): { OIDC_ISSUER: string; OIDC_CLIENT_ID: string; OIDC_CLIENT_SECRET: string } {
  return {
    OIDC_ISSUER: process.env.OIDC_ISSUER || identityIssuer(),
    OIDC_CLIENT_ID: identityClientId(),
    OIDC_CLIENT_SECRET: identityClientSecret(),
  };
}

/** "ada (alliance manager), lee (legal), val (viewer) or root (admin)". */
export function demoUsersInWords(): string {
  const each = DEMO_USERS.map(({ username, duty }) => `${username} (${duty})`);
  return `${each.slice(0, -1).join(', ')} or ${each.at(-1)}`;
}
