import { parseRoleMap, rolesFromClaims, type RolesClaimSetting } from './roles-claim';

const setting = (AUTH_ROLES_CLAIM: string, AUTH_ROLE_MAP = ''): RolesClaimSetting => ({
  AUTH_ROLES_CLAIM,
  AUTH_ROLE_MAP,
});

describe('rolesFromClaims', () => {
  it('reads a top-level array, keeping Accord role names once each', () => {
    expect(rolesFromClaims({ roles: ['legal', 'viewer', 'legal'] }, setting('roles'))).toEqual(['legal', 'viewer']);
  });

  it('follows a dot path into nested claims (Keycloak realm roles, client roles)', () => {
    const claims = {
      realm_access: { roles: ['offline_access', 'alliance_manager'] },
      resource_access: { 'accord-api': { roles: ['admin'] } },
    };
    expect(rolesFromClaims(claims, setting('realm_access.roles'))).toEqual(['alliance_manager']);
    expect(rolesFromClaims(claims, setting('resource_access.accord-api.roles'))).toEqual(['admin']);
    expect(rolesFromClaims(claims, setting('realm_access.missing.roles'))).toEqual([]);
  });

  it('prefers a top-level claim named with dots, as Auth0 namespaces them', () => {
    const claim = 'https://accord.example.com/roles';
    expect(rolesFromClaims({ [claim]: ['legal'] }, setting(claim))).toEqual(['legal']);
    const both = { 'realm_access.roles': ['viewer'], realm_access: { roles: ['admin'] } };
    expect(rolesFromClaims(both, setting('realm_access.roles'))).toEqual(['viewer']);
  });

  it('reads a space- or comma-separated string as well as an array', () => {
    expect(rolesFromClaims({ roles: 'viewer legal' }, setting('roles'))).toEqual(['viewer', 'legal']);
    expect(rolesFromClaims({ roles: 'viewer, admin,legal' }, setting('roles'))).toEqual(['viewer', 'admin', 'legal']);
    expect(rolesFromClaims({ roles: 'admin' }, setting('roles'))).toEqual(['admin']);
  });

  it('ignores values it does not know, and claims of other shapes', () => {
    expect(rolesFromClaims({ roles: ['superuser', 7, null, 'Admin', 'legal'] }, setting('roles'))).toEqual(['legal']);
    expect(rolesFromClaims({ roles: { admin: true } }, setting('roles'))).toEqual([]);
    expect(rolesFromClaims({ roles: 42 }, setting('roles'))).toEqual([]);
    expect(rolesFromClaims({}, setting('roles'))).toEqual([]);
  });

  it('never reads through the prototype', () => {
    expect(rolesFromClaims({ roles: ['admin'] }, setting('constructor.prototype'))).toEqual([]);
    expect(rolesFromClaims({ roles: ['admin'] }, setting('__proto__.roles'))).toEqual([]);
  });

  it('with a map, counts only mapped values; several may grant one role, one may grant several', () => {
    const map = 'Accord-Legal=legal, accord-managers=alliance_manager, Accord-Admins=admin, Accord-Admins=legal';
    expect(rolesFromClaims({ groups: ['accord-managers', 'Everyone'] }, setting('groups', map))).toEqual([
      'alliance_manager',
    ]);
    expect(rolesFromClaims({ groups: ['Accord-Admins', 'Accord-Legal'] }, setting('groups', map))).toEqual([
      'admin',
      'legal',
    ]);
    // An Accord name that the map does not name counts for nothing once there is a map.
    expect(rolesFromClaims({ groups: ['admin'] }, setting('groups', map))).toEqual([]);
    // Provider names are case-sensitive (Entra ID app roles, Okta groups).
    expect(rolesFromClaims({ groups: ['accord-legal'] }, setting('groups', map))).toEqual([]);
  });

  it('reads `roles` when no claim is set', () => {
    expect(rolesFromClaims({ roles: ['viewer'] }, setting(''))).toEqual(['viewer']);
  });
});

describe('parseRoleMap', () => {
  it('reads external=role pairs, trimming spaces and empty items', () => {
    const { map, problems } = parseRoleMap(' a=viewer , b = legal,,a=admin, ');
    expect(problems).toEqual([]);
    expect([...map]).toEqual([
      ['a', ['viewer', 'admin']],
      ['b', ['legal']],
    ]);
  });

  it('splits at the last =, since a group name may hold one', () => {
    expect([...parseRoleMap('team=a=legal').map]).toEqual([['team=a', ['legal']]]);
  });

  it('names every bad pair', () => {
    expect(parseRoleMap('Accord-Legal=lawyer,accord-managers,=admin').problems).toEqual([
      '"Accord-Legal=lawyer" maps to "lawyer", which is not an Accord role',
      '"accord-managers" is not external=role',
      '"=admin" is not external=role',
    ]);
  });

  it('is empty for an empty setting', () => {
    expect(parseRoleMap('')).toEqual({ map: new Map(), problems: [] });
  });
});
