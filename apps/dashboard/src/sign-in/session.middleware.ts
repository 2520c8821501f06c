import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from '@accord/platform';
import { WebSessions, type ActiveSession } from './web-sessions';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

export type SessionRequest = Request & { webSession?: ActiveSession };

/**
 * Turns a signed-in browser's session cookie into the bearer token every route already understands,
 * so the guards, the services and their role checks work unchanged. A write from a session must also
 * come from this origin and carry the session's CSRF token: a cookie alone never writes. Requests
 * with their own Authorization header (machines, scripts) pass untouched.
 */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(private readonly sessions: WebSessions) {}

  async use(request: SessionRequest, _response: Response, next: NextFunction): Promise<void> {
    if (!this.sessions.enabled || request.headers.authorization) return next();
    const active = await this.sessions.resolve(request);
    if (!active) return next();
    if (!SAFE_METHODS.includes(request.method)) {
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== this.sessions.origin(request)) throw forbidden('from another site');
      const sent = request.headers[CSRF_HEADER];
      if (!this.sessions.csrfValid(active.session, typeof sent === 'string' ? sent : undefined))
        throw forbidden(`without the session's ${CSRF_HEADER} header`);
    }
    request.webSession = active;
    request.headers.authorization = `Bearer ${active.session.accessToken}`;
    next();
  }
}

function forbidden(how: string): ProblemException {
  return new ProblemException({
    status: 403,
    title: 'Forbidden',
    code: 'csrf_refused',
    detail: `A write from a signed-in browser came ${how}; reload the page and try again`,
  });
}
