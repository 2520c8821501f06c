import { timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { IdentityProvider, type ProviderTokens } from './identity-provider';
import { SessionStore, type Session } from './session-store';
import { signInSettings, type SignInSettings } from './sign-in.settings';

/** A session found for a request: its id (the cookie's value) and what it holds. */
export interface ActiveSession {
  id: string;
  session: Session;
}

/** Refresh this long before the access token expires, so no request reaches a service with a stale one. */
const REFRESH_MARGIN_MS = 30_000;
/** The idle deadline moves at most once a minute: not one database write per request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The web app's sessions: who is signed in, their provider tokens kept fresh, and the cookie that
 * names the session. The browser holds only that cookie (HttpOnly, SameSite=Lax, Secure behind TLS).
 */
@Injectable()
export class WebSessions {
  readonly settings?: SignInSettings;
  readonly store?: SessionStore;
  readonly provider?: IdentityProvider;
  private readonly refreshing = new Map<string, Promise<Session | undefined>>();
  private readonly lastTouch = new Map<string, number>();
  private readonly logger = new Logger('WebSessions');

  constructor(db: DataSource) {
    this.settings = signInSettings();
    if (!this.settings) return;
    this.store = new SessionStore(db, this.settings.sessionSecret);
    this.provider = new IdentityProvider(this.settings);
  }

  get enabled(): boolean {
    return this.settings !== undefined;
  }

  /**
   * The origin users reach the dashboard at: PUBLIC_URL, or, when none is set, the request's own host
   * if it is this machine (a Host header cannot send a production user's sign-in elsewhere).
   */
  origin(request: Request): string | undefined {
    if (this.settings?.publicUrl) return this.settings.publicUrl.origin;
    const host = request.headers.host ?? '';
    return /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host) ? `${request.protocol}://${host}` : undefined;
  }

  cookieName(request: Request): string {
    // The __Host- prefix makes the browser refuse the cookie unless it is Secure, host-only, path /.
    return this.secure(request) ? '__Host-accord_session' : 'accord_session';
  }

  secure(request: Request): boolean {
    return this.settings?.publicUrl?.protocol === 'https:' || request.secure;
  }

  cookie(request: Request, name: string): string | undefined {
    for (const part of (request.headers.cookie ?? '').split(';')) {
      const [key, ...value] = part.trim().split('=');
      if (key === name) return decodeURIComponent(value.join('='));
    }
    return undefined;
  }

  setCookie(request: Request, response: Response, name: string, value: string, path: string, maxAgeMs?: number) {
    response.cookie(name, value, {
      httpOnly: true,
      secure: this.secure(request),
      sameSite: 'lax',
      path,
      ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }),
    });
  }

  /** The request's session, refreshed if its access token is about to expire; undefined if none. */
  async resolve(request: Request): Promise<ActiveSession | undefined> {
    if (!this.store) return undefined;
    const id = this.cookie(request, this.cookieName(request));
    const session = await this.store.load<Session>('session', id);
    if (!id || !session) return undefined;
    const now = Date.now();
    const deadline = session.openedAt + this.settings!.absoluteMinutes * 60_000;
    if (now >= deadline) {
      await this.store.delete(id);
      return undefined;
    }
    const fresh = session.accessExpiresAt - REFRESH_MARGIN_MS > now ? session : await this.refresh(id, session);
    if (!fresh) return undefined;
    if (fresh === session) await this.touch(id, session);
    return { id, session: fresh };
  }

  /** Opens a session for a completed sign-in; returns its id for the cookie. */
  async open(tokens: ProviderTokens, csrfToken: string): Promise<string> {
    const id = SessionStore.newId();
    const session: Session = {
      subject: tokens.subject ?? '',
      ...(tokens.name ? { name: tokens.name } : {}),
      accessToken: tokens.accessToken,
      accessExpiresAt: tokens.accessExpiresAt,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
      csrfToken,
      openedAt: Date.now(),
    };
    await this.store!.save('session', id, session, this.idleDeadline(session));
    return id;
  }

  csrfValid(session: Session, sent: string | undefined): boolean {
    const expected = Buffer.from(session.csrfToken);
    const given = Buffer.from(sent ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private idleDeadline(session: Session): Date {
    const idle = Date.now() + this.settings!.idleMinutes * 60_000;
    return new Date(Math.min(idle, session.openedAt + this.settings!.absoluteMinutes * 60_000));
  }

  private async touch(id: string, session: Session): Promise<void> {
    const last = this.lastTouch.get(id) ?? 0;
    if (Date.now() - last < TOUCH_EVERY_MS) return;
    if (this.lastTouch.size > 10_000) this.lastTouch.clear();
    this.lastTouch.set(id, Date.now());
    await this.store!.touch(id, this.idleDeadline(session));
  }

  /**
   * One refresh at a time per session (a page loads several things at once; providers that rotate
   * refresh tokens would see the second use as a replay). A refused refresh ends the session.
   */
  private refresh(id: string, session: Session): Promise<Session | undefined> {
    let pending = this.refreshing.get(id);
    if (!pending) {
      pending = this.renew(id, session).finally(() => this.refreshing.delete(id));
      this.refreshing.set(id, pending);
    }
    return pending;
  }

  private async renew(id: string, session: Session): Promise<Session | undefined> {
    if (!session.refreshToken) {
      await this.store!.delete(id);
      return undefined;
    }
    try {
      const tokens = await this.provider!.refresh(session.refreshToken);
      const renewed: Session = {
        ...session,
        accessToken: tokens.accessToken,
        accessExpiresAt: tokens.accessExpiresAt,
        refreshToken: tokens.refreshToken ?? session.refreshToken,
        idToken: tokens.idToken ?? session.idToken,
      };
      await this.store!.save('session', id, renewed, this.idleDeadline(renewed));
      return renewed;
    } catch (error) {
      this.logger.warn(`a session's refresh was refused; it ends (${(error as Error).message})`);
      await this.store!.delete(id);
      return undefined;
    }
  }
}
