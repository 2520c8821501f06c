import type { AddressInfo, Server } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { AgreementServiceModule } from '../../agreement-service/src/app.module';
import { agreementService } from '../../agreement-service/src/service';
import { PartnerServiceModule } from '../../partner-service/src/app.module';
import { partnerService } from '../../partner-service/src/service';
import { ProjectServiceModule } from '../../project-service/src/app.module';
import { projectService } from '../../project-service/src/service';
import { demoPassword, devIdentityEnvironment } from '../../../scripts/auth/dev-identity';
import { tokenFor } from '../../../test/support/auth';
import { BrowserSession } from '../../../test/support/browser-session';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import { DashboardModule } from '../src/app.module';
import { dashboardService } from '../src/service';
import type { Session } from '../src/sign-in/session-store';
import { WebSessions } from '../src/sign-in/web-sessions';

/**
 * Signing in to the web app through the local OpenID provider (started by the test setup, as by
 * `npm start`), and what a session may then do: the dashboard holds the tokens, the browser a cookie;
 * writes need the session's CSRF token; the services still decide who may do what.
 */
const SESSION_SECRET = 'sign-in-test-session-secret-0123456789abcdef';

describe('signing in to the web app', () => {
  let db: TestDatabase;
  let partners: INestApplication;
  let others: INestApplication[] = [];
  let dashboard: INestApplication;
  let origin: string;

  async function listen(app: INestApplication): Promise<number> {
    await app.listen(0, '127.0.0.1');
    return ((app.getHttpServer() as Server).address() as AddressInfo).port;
  }

  beforeAll(async () => {
    db = await createTestDatabase('sign-in');
    const identity = devIdentityEnvironment();
    partners = await bootService(partnerService, PartnerServiceModule, { DATABASE_URL: db.url, ...identity });
    const partnerUrl = `http://127.0.0.1:${await listen(partners)}`;
    // The dashboard's reporting views are built over every service's tables.
    others = [
      await bootService(agreementService, AgreementServiceModule, { DATABASE_URL: db.url }),
      await bootService(projectService, ProjectServiceModule, { DATABASE_URL: db.url }),
    ];
    dashboard = await bootService(dashboardService, DashboardModule, {
      DATABASE_URL: db.url,
      ...identity,
      SESSION_SECRET,
      PARTNER_SERVICE_URL: partnerUrl,
    });
    // localhost, as people type it: the provider's redirect back must reach this same host.
    origin = `http://localhost:${await listen(dashboard)}`;
  }, 90_000);

  afterAll(async () => {
    await dashboard?.close();
    await partners?.close();
    for (const app of others) await app.close();
    await db?.drop();
  }, 30_000);

  const signedIn = async (username: string, returnTo = '/') => {
    const browser = new BrowserSession(origin);
    const landed = await browser.signIn(username, demoPassword(), returnTo);
    return { browser, landed };
  };

  it('signs a person in with the provider and keeps only an HttpOnly, SameSite cookie in the browser', async () => {
    const { browser, landed } = await signedIn('ada', '/partners?type=university');
    expect(landed.pathname + landed.search).toBe('/partners?type=university');

    const me = await browser.api('GET', '/auth/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      user: { id: 'ada', name: 'Ada Lovelace' },
      roles: ['alliance_manager'],
      csrfToken: expect.any(String),
    });
    const session = browser.setCookies.find((line) => line.startsWith('accord_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    // The cookie is an opaque id: no token in it.
    expect(browser.cookie('localhost', 'accord_session')).toMatch(/^[\w-]{43}$/);
  });

  it('refuses a sign-in that returns to another site, and a wrong password', async () => {
    const { landed } = await signedIn('ada', '//evil.example/steal');
    expect(landed.origin).toBe(origin);
    expect(landed.pathname).toBe('/');

    const stranger = new BrowserSession(origin);
    await stranger.signIn('ada', 'not-the-password');
    expect((await stranger.api('GET', '/auth/me')).status).toBe(401);

    // A callback that does not answer this browser's own sign-in (forged, or replayed) opens no
    // session: back to the sign-in page, which says why.
    const forged = await stranger.follow('/auth/callback?code=stolen&state=guessed');
    expect(forged.url.pathname + forged.url.search).toBe('/?signIn=failed');
    const unstarted = new BrowserSession(origin);
    const replayed = await unstarted.follow('/auth/callback?code=stolen&state=guessed');
    expect(replayed.url.pathname + replayed.url.search).toBe('/?signIn=expired');
    for (const browser of [stranger, unstarted]) expect((await browser.api('GET', '/auth/me')).status).toBe(401);
  });

  it("sends a session's writes to the services as the signed-in person, with the CSRF token only", async () => {
    const { browser } = await signedIn('ada');
    const partner = { name: 'Universidad de Chile', type: 'university', country: 'CL' };

    const forged = await browser.request('/api/service/partner/partners', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(partner),
    });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ code: 'csrf_refused' });
    const crossSite = await browser.api('POST', '/api/service/partner/partners', partner, {
      origin: 'https://evil.example',
    });
    expect(crossSite.status).toBe(403);
    const none = await browser.api('GET', '/api/service/partner/partners?q=Chile');
    expect(((await none.json()) as { items: unknown[] }).items).toHaveLength(0);

    const created = await browser.api('POST', '/api/service/partner/partners', partner);
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/api\/service\/partner\/partners\/[0-9a-f-]{36}$/);
    const read = await browser.api('GET', location);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBeTruthy();
    const history = (await (await browser.api('GET', `${location}/history`)).json()) as { actor: string }[];
    expect(history[0]).toMatchObject({ actor: 'user:ada' });
  });

  it("lets a viewer read but not write: the service refuses even a well-formed write from the viewer's session", async () => {
    const { browser } = await signedIn('val');
    expect(await (await browser.api('GET', '/auth/me')).json()).toMatchObject({ roles: ['viewer'] });
    expect((await browser.api('GET', '/api/service/partner/partners')).status).toBe(200);
    const write = await browser.api('POST', '/api/service/partner/partners', {
      name: 'Forged Institute',
      type: 'research_institute',
      country: 'FR',
    });
    expect(write.status).toBe(403);
    expect(await write.json()).toMatchObject({ code: 'forbidden' });
  });

  it('answers anonymous calls with 401, and still lets machines in with their bearer tokens', async () => {
    const anonymous = new BrowserSession(origin);
    expect((await anonymous.api('GET', '/api/service/partner/partners')).status).toBe(401);
    expect((await anonymous.api('GET', '/auth/me')).status).toBe(401);
    expect((await anonymous.api('GET', '/api/portfolio')).status).toBe(401);

    const machine = { authorization: `Bearer ${tokenFor(['alliance_manager'], { subject: 'crm-sync' })}` };
    expect((await anonymous.api('GET', '/api/portfolio', undefined, machine)).status).toBe(200);
    // No session, so no CSRF token: a bearer token is not sent by browsers on their own.
    const created = await anonymous.api(
      'POST',
      '/api/service/partner/partners',
      { name: 'Sync Robotics', type: 'startup', country: 'DE' },
      machine,
    );
    expect(created.status).toBe(201);
  });

  it('refreshes an expiring access token with the refresh token, unseen by the page', async () => {
    const { browser } = await signedIn('lee');
    const id = browser.cookie('localhost', 'accord_session')!;
    const store = dashboard.get(WebSessions).store!;
    const before = (await store.load<Session>('session', id))!;
    await store.save('session', id, { ...before, accessExpiresAt: Date.now() }, new Date(Date.now() + 60_000));

    const me = await browser.api('GET', '/auth/me');
    expect(me.status).toBe(200);
    const after = (await store.load<Session>('session', id))!;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.accessExpiresAt).toBeGreaterThan(Date.now() + 60_000);
    expect(after.csrfToken).toBe(before.csrfToken);
  });

  it('signs out here and at the provider: the next sign-in asks for the password again', async () => {
    const { browser } = await signedIn('root');
    const refused = await browser.request('/auth/logout', { method: 'POST' });
    expect(refused.status).toBe(403);

    const out = await browser.api('POST', '/auth/logout');
    expect(out.status).toBe(200);
    const { redirectTo } = (await out.json()) as { redirectTo: string };
    expect(new URL(redirectTo).origin).toBe(devIdentityEnvironment().OIDC_ISSUER);
    expect((await browser.api('GET', '/auth/me')).status).toBe(401);

    // The provider ends its own session (after its confirmation, if it asks), then returns home.
    const { response, url } = await browser.follow(redirectTo);
    const confirm = /<form[^>]*action="([^"]+)"[\s\S]*?<\/form>/.exec(await response.text());
    if (confirm) {
      const inputs = [...confirm[0].matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)];
      await browser.follow(new URL(confirm[1].replace(/&amp;/g, '&'), url), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([
          ...inputs.map(([, k, v]): [string, string] => [k, v]),
          ['logout', 'yes'],
        ]).toString(),
      });
    }
    const again = await browser.follow('/auth/login');
    expect(again.url.origin).toBe(devIdentityEnvironment().OIDC_ISSUER);
    expect(await again.response.text()).toMatch(/name="password"/);
  });
});
