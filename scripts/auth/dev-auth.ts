import { mintToken } from '../../libs/platform/src/auth/tokens';
import { isRole, type Role } from '../../libs/platform/src/auth/roles';
import { localSecret } from '../infra/state';

/**
 * The local set-up's token secret: AUTH_JWT_SECRET when the environment gives one, otherwise a random
 * one made on first use and kept (readable by its owner only) in the git-ignored state folder, so
 * that `npm start`, `npm run seed` and `npm run token` agree without anyone choosing a secret.
 * Production sets AUTH_JWT_SECRET from its secret store, or verifies an identity provider's tokens.
 */
export function devAuthSecret(): string {
  return localSecret('AUTH_JWT_SECRET', 'auth', 'jwt-secret');
}

/** What the services need to verify the tokens `devToken` mints. */
export function devAuthEnvironment(): Record<string, string> {
  return {
    AUTH_JWT_SECRET: devAuthSecret(),
    AUTH_ISSUER: process.env.AUTH_ISSUER || 'accord',
    AUTH_AUDIENCE: process.env.AUTH_AUDIENCE || 'accord',
  };
}

export function devToken(subject: string, roles: Role[], expiresIn = '8h'): Promise<string> {
  const { AUTH_JWT_SECRET, AUTH_ISSUER, AUTH_AUDIENCE } = devAuthEnvironment();
  return mintToken({
    subject,
    roles,
    secret: AUTH_JWT_SECRET,
    issuer: AUTH_ISSUER,
    audience: AUTH_AUDIENCE,
    expiresIn,
  });
}

export function parseRoles(list: string): Role[] {
  const roles = list.split(',').map((role) => role.trim());
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0)
    throw new Error(`unknown role ${unknown.join(', ')}: use viewer, alliance_manager, legal, admin`);
  return roles.filter(isRole);
}
