import type { ServiceEnvironment } from '../config/environment';
import { isRole, type Role } from './roles';

/**
 * Where an identity provider's token carries its roles, and how they translate to Accord's: the
 * services and the dashboard's sign-in read the same two settings, so they agree on who is who.
 */
export type RolesClaimSetting = Pick<ServiceEnvironment, 'AUTH_ROLES_CLAIM' | 'AUTH_ROLE_MAP'>;

/** `external=accord_role` pairs; one external value may grant several roles (`admins=admin,admins=legal`). */
export type RoleMap = ReadonlyMap<string, readonly Role[]>;

export interface ParsedRoleMap {
  map: RoleMap;
  /** One line per pair that is not `external=role` with an Accord role; empty when the text is fine. */
  problems: string[];
}

/**
 * Parses `AUTH_ROLE_MAP` (`Accord-Legal=legal, accord-managers=alliance_manager`). The external side
 * is kept exactly (providers' role and group names are case-sensitive); it is split at the last `=`
 * because a group name may hold one, an Accord role never does.
 */
export function parseRoleMap(text: string): ParsedRoleMap {
  const map = new Map<string, Role[]>();
  const problems: string[] = [];
  for (const pair of text.split(',').map((item) => item.trim())) {
    if (pair === '') continue;
    const at = pair.lastIndexOf('=');
    const external = pair.slice(0, Math.max(at, 0)).trim();
    const role = pair.slice(at + 1).trim();
    if (at < 0 || external === '') {
      problems.push(`"${pair}" is not external=role`);
    } else if (!isRole(role)) {
      problems.push(`"${pair}" maps to "${role}", which is not an Accord role`);
    } else {
      const roles = map.get(external) ?? [];
      map.set(external, roles.includes(role) ? roles : [...roles, role]);
    }
  }
  return { map, problems };
}

/**
 * The Accord roles a token's claims grant. The claim is a name or a dot path into nested objects
 * (Keycloak's `realm_access.roles`); a top-level claim whose name holds dots
 * (`https://accord.example.com/roles`, Auth0's namespaced claims) wins when present verbatim. Its value
 * may be an array of strings or one string of values separated by spaces or commas (`scope` style).
 * Without a map, values that are Accord role names count as themselves; with one, only mapped values
 * count. Anything else is ignored: a provider's other roles are none of Accord's business.
 */
export function rolesFromClaims(claims: Readonly<Record<string, unknown>>, setting: RolesClaimSetting): Role[] {
  const values = claimValues(claimAt(claims, setting.AUTH_ROLES_CLAIM || 'roles'));
  const { map } = parseRoleMap(setting.AUTH_ROLE_MAP);
  const roles = values.flatMap((value): readonly Role[] => {
    if (map.size > 0) return map.get(value) ?? [];
    return isRole(value) ? [value] : [];
  });
  return [...new Set(roles)];
}

function claimAt(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const segment of path.split('.')) {
    // Own properties of plain objects only: `__proto__` or `constructor` in the setting reads nothing.
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, segment)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}
