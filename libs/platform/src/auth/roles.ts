import { SetMetadata } from '@nestjs/common';

/**
 * Who may do what. Roles come from the token's `roles` claim; a person with several duties carries
 * several roles. They do not nest: an administrator operates the suite (rebuilds, dead letters,
 * erasure) but does not sign contracts, and legal signs but does not edit partners.
 */
export const ROLES = ['viewer', 'alliance_manager', 'legal', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Every role reads the portfolio (reads change nothing); what a viewer does not see is personal data. */
export const READERS: readonly Role[] = ROLES;

/** The roles that see contacts' names and e-mail addresses. */
export const PERSONAL_DATA_READERS: readonly Role[] = ['alliance_manager', 'legal', 'admin'];

export const ROLES_KEY = 'accord:roles';
export const PUBLIC_KEY = 'accord:public';

/**
 * `@Roles('legal')` on a route: only tokens with one of these roles get through. Reads (GET) without
 * it are open to every role; writes without it are open to none, so a new write route is closed
 * until someone decides who may call it.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** `@Public()` on a route or controller: no token needed (health checks, the dashboard's static page). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
