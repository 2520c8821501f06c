export { AuthGuard } from './auth.guard';
export { PERSONAL_DATA_READERS, Public, READERS, ROLES, Roles, TokenInQuery, isRole, type Role } from './roles';
export { InvalidToken, TokenVerifier } from './token-verifier';
export { mintToken, type TokenRequest } from './tokens';
export { CurrentUser, hasRole, seesPersonalData, type AuthenticatedRequest, type AuthenticatedUser } from './user';
