export { AuthGuard } from './auth.guard';
export { PERSONAL_DATA_READERS, Public, READERS, ROLES, Roles, isRole, type Role } from './roles';
export { isLoopback, providerUrlProblem } from './provider-url';
export { IdentityProviderUnavailable, REMOTE_KEY_DEFAULTS, RemoteKeys, type RemoteKeyOptions } from './remote-keys';
export { parseRoleMap, rolesFromClaims, type ParsedRoleMap, type RoleMap, type RolesClaimSetting } from './roles-claim';
export { InvalidToken, TokenVerifier, type TokenSettings } from './token-verifier';
export { mintToken, type TokenRequest } from './tokens';
export {
  CurrentUser,
  hasRole,
  requireRole,
  seesPersonalData,
  type AuthenticatedRequest,
  type AuthenticatedUser,
} from './user';
