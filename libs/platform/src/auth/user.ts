import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { ProblemException } from '../http/problem-details';
import { PERSONAL_DATA_READERS, type Role } from './roles';

/** The caller, as the verified token says: `id` is its subject (`sub`), recorded as `user:<id>`. */
export interface AuthenticatedUser {
  id: string;
  roles: Role[];
  /** The token's `name` claim, for display only (the dashboard's greeting); absent when it has none. */
  name?: string;
}

/** A request on either adapter (Express's, Fastify's), as far as the guard reads and marks it. */
export interface AuthenticatedRequest {
  method: string;
  headers: IncomingHttpHeaders;
  user?: AuthenticatedUser;
}

/** `@CurrentUser() user: AuthenticatedUser` in a controller method (set by the AuthGuard). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedUser | undefined => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
});

export function hasRole(user: AuthenticatedUser | undefined, roles: readonly Role[]): boolean {
  return user !== undefined && user.roles.some((role) => roles.includes(role));
}

/** 403 unless the user holds one of `roles`: a rule finer than its route's `@Roles` (who may sign for whom). */
export function requireRole(user: AuthenticatedUser | undefined, roles: readonly Role[], detail: string): void {
  if (!hasRole(user, roles)) {
    throw new ProblemException({
      status: 403,
      title: 'Forbidden',
      code: 'forbidden',
      detail,
      requiredRoles: [...roles],
    });
  }
}

export function seesPersonalData(user: AuthenticatedUser | undefined): boolean {
  return hasRole(user, PERSONAL_DATA_READERS);
}
