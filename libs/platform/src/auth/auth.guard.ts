import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../http/problem-details';
import { setHeader, type HeaderSink } from '../http/request-context';
import { PUBLIC_KEY, READERS, ROLES_KEY, type Role } from './roles';
import { IdentityProviderUnavailable } from './remote-keys';
import { InvalidToken, TokenVerifier } from './token-verifier';
import { hasRole, type AuthenticatedRequest } from './user';

const READ_METHODS = ['GET', 'HEAD'];

/**
 * Every route needs a valid bearer token unless it is `@Public()`; the token's roles must include one
 * that the route allows (`@Roles(...)`; reads default to every role, writes to none). The verified
 * user becomes `request.user`, and from there the actor of every event the request causes.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<HeaderSink>();
    const token = bearerToken(request);
    if (!token) throw unauthorized(response, 'This request needs a bearer token (Authorization: Bearer <token>)');
    try {
      request.user = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof IdentityProviderUnavailable) throw providerUnavailable(response, error);
      if (!(error instanceof InvalidToken)) throw error;
      throw unauthorized(response, `The bearer token was refused: ${error.message}`, error.message);
    }

    const allowed =
      this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ??
      (READ_METHODS.includes(request.method) ? READERS : []);
    if (!hasRole(request.user, allowed)) {
      throw new ProblemException({
        status: 403,
        title: 'Forbidden',
        code: 'forbidden',
        detail:
          allowed.length === 0
            ? 'No role may call this route'
            : `This action needs the role ${allowed.join(' or ')}; the token carries ${request.user.roles.join(', ') || 'no role'}`,
        requiredRoles: allowed,
      });
    }
    return true;
  }
}

/** Only from the header: a token in the address would end up in logs and browser history. */
function bearerToken(request: AuthenticatedRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+([\w.~+/-]+=*)\s*$/i.exec(header) : null;
  return match ? match[1] : undefined;
}

/** RFC 6750: a 401 says which scheme to use and, for a refused token, why. */
function unauthorized(response: HeaderSink, detail: string, description?: string): ProblemException {
  setHeader(
    response,
    'WWW-Authenticate',
    description
      ? `Bearer realm="accord", error="invalid_token", error_description="${description.replace(/"/g, "'")}"`
      : 'Bearer realm="accord"',
  );
  return new ProblemException({ status: 401, title: 'Unauthorized', code: 'unauthorized', detail });
}

/**
 * The token could not be checked, not found wanting: a 401 would send the client to sign in again,
 * which does not help while the provider is down; a 503 says to retry. (RemoteKeys logs the reason.)
 */
function providerUnavailable(response: HeaderSink, error: IdentityProviderUnavailable): ProblemException {
  setHeader(response, 'Retry-After', '5');
  return new ProblemException({
    status: 503,
    title: 'Service Unavailable',
    code: 'identity_provider_unavailable',
    detail: `The bearer token could not be checked: ${error.message}. Try again shortly.`,
  });
}
