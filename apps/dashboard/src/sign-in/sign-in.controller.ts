import { randomBytes } from 'node:crypto';
import { Controller, Get, HttpCode, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, ProblemException, Public, TokenVerifier, type AuthenticatedUser } from '@accord/platform';
import type { SessionRequest } from './session.middleware';
import type { PendingSignIn } from './session-store';
import { WebSessions } from './web-sessions';

const SIGN_IN_COOKIE = 'accord_sign_in';
const SIGN_IN_MINUTES = 10;

/**
 * Sign-in and sign-out for the web app (the backend-for-frontend of the OAuth browser-apps practice):
 * the dashboard is the OpenID client, the browser only follows redirects and keeps a session cookie.
 */
@ApiExcludeController()
@Controller('auth')
export class SignInController {
  private readonly logger = new Logger('SignIn');

  constructor(
    private readonly sessions: WebSessions,
    private readonly verifier: TokenVerifier,
  ) {}

  /** Starts a sign-in at the provider; `returnTo` is where the user lands afterwards (this site only). */
  @Public()
  @Get('login')
  async login(@Req() request: Request, @Res() response: Response, @Query('returnTo') returnTo?: string) {
    const { store, provider } = this.enabled();
    const { url, pending } = await provider.authorizationUrl(this.callbackUrl(request), localPath(returnTo));
    const id = randomBytes(32).toString('base64url');
    await store.save('sign-in', id, pending, new Date(Date.now() + SIGN_IN_MINUTES * 60_000));
    this.sessions.setCookie(request, response, SIGN_IN_COOKIE, id, '/auth', SIGN_IN_MINUTES * 60_000);
    response.redirect(303, url.href);
  }

  /** The provider sends the browser back here with a code (or an error, such as a cancelled sign-in). */
  @Public()
  @Get('callback')
  async callback(@Req() request: Request, @Res() response: Response) {
    const { store, provider } = this.enabled();
    const pendingId = this.sessions.cookie(request, SIGN_IN_COOKIE);
    const pending = await store.load<PendingSignIn>('sign-in', pendingId);
    await store.delete(pendingId);
    response.clearCookie(SIGN_IN_COOKIE, { path: '/auth' });
    if (!pending) return response.redirect(303, '/?signIn=expired');
    try {
      const callback = new URL(request.originalUrl, this.callbackUrl(request));
      const tokens = await provider.complete(callback, pending);
      // The services must accept what the session will send them: check it now, not at the first click.
      await this.verifier.verify(tokens.accessToken);
      const id = await this.sessions.open(tokens, randomBytes(32).toString('base64url'));
      await store.sweep();
      this.sessions.setCookie(request, response, this.sessions.cookieName(request), id, '/');
      response.redirect(303, pending.returnTo);
    } catch (error) {
      const reason = new URL(request.originalUrl, 'http://x').searchParams.get('error') ?? 'failed';
      this.logger.warn(`a sign-in failed: ${(error as Error).message}`);
      response.redirect(303, `/?signIn=${encodeURIComponent(reason.slice(0, 40))}`);
    }
  }

  /**
   * Who is signed in, with which roles, and the token every write from this page must carry. Like
   * every read, it needs a token with a role: the session's (or a machine's own bearer token).
   */
  @Get('me')
  me(@Req() request: SessionRequest, @CurrentUser() user: AuthenticatedUser) {
    const session = request.webSession?.session;
    return {
      user: { id: user.id, ...((session?.name ?? user.name) ? { name: session?.name ?? user.name } : {}) },
      roles: user.roles,
      ...(session ? { csrfToken: session.csrfToken } : {}),
    };
  }

  /** Ends the session here and tells the page where to end it at the provider too. */
  @Public()
  @Post('logout')
  @HttpCode(200)
  async logout(@Req() request: SessionRequest, @Res({ passthrough: true }) response: Response) {
    const { store, provider } = this.enabled();
    const active = request.webSession;
    await store.delete(active?.id);
    response.clearCookie(this.sessions.cookieName(request), { path: '/' });
    const home = `${this.origin(request)}/`;
    const atProvider = active
      ? await provider.signOutUrl(active.session.idToken, home).catch(() => undefined)
      : undefined;
    return { redirectTo: atProvider?.href ?? '/' };
  }

  private enabled() {
    const { store, provider } = this.sessions;
    if (!store || !provider) {
      throw new ProblemException({
        status: 404,
        title: 'Not Found',
        code: 'sign_in_not_configured',
        detail: 'Sign-in is not configured here (OIDC_ISSUER); use a bearer token',
      });
    }
    return { store, provider };
  }

  private origin(request: Request): string {
    const origin = this.sessions.origin(request);
    if (!origin) {
      throw new ProblemException({
        status: 400,
        title: 'Bad Request',
        code: 'unknown_host',
        detail: 'Set PUBLIC_URL to the address users reach the dashboard at',
      });
    }
    return origin;
  }

  private callbackUrl(request: Request): string {
    return `${this.origin(request)}/auth/callback`;
  }
}

/** Only a path on this site: `//evil.example` or `https://…` would make the sign-in an open redirect. */
export function localPath(returnTo: string | undefined): string {
  return returnTo && /^\/(?![/\\])/.test(returnTo) && returnTo.length <= 2000 ? returnTo : '/';
}
