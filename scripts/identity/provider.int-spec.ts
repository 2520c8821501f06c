import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { devIdentityEnvironment, demoPassword } from '../auth/dev-identity';

/**
 * The local identity provider the global setup started, driven the way a browser and the dashboard
 * would: the authorization request, the sign-in form, the code exchange with PKCE, refresh and
 * sign-out. Redirects are followed by hand, with a cookie jar, so every hop can be checked.
 */
const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = devIdentityEnvironment();
// The dashboard runs on random ports in tests: the provider accepts any loopback port.
const DASHBOARD = `http://127.0.0.1:${40_000 + Math.floor(Math.random() * 20_000)}`;
const CALLBACK = `${DASHBOARD}/auth/callback`;

let config: oidc.Configuration;

beforeAll(async () => {
  config = await oidc.discovery(
    new URL(OIDC_ISSUER),
    OIDC_CLIENT_ID,
    undefined,
    oidc.ClientSecretBasic(OIDC_CLIENT_SECRET),
    { execute: [oidc.allowInsecureRequests] },
  );
});

/** A browser, as far as sign-in needs one: cookies, and redirects one hop at a time. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, form?: Record<string, string>): Promise<Response> {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body: form && new URLSearchParams(form).toString(),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      const expired = attributes.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || !value) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    return response;
  }

  /** Follows redirects until a page, or until the dashboard's origin (nothing listens there). */
  async follow(url: string, form?: Record<string, string>): Promise<{ response: Response; url: string }> {
    let response = await this.request(url, form);
    while (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url).href;
      if (url.startsWith(DASHBOARD)) break;
      response = await this.request(url);
    }
    return { response, url };
  }
}

function authorizationRequest(extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  return {
    verifier,
    state,
    url: async () =>
      oidc
        .buildAuthorizationUrl(config, {
          redirect_uri: CALLBACK,
          scope: 'openid profile offline_access',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
          ...extra,
        })
        .toString(),
  };
}

/** The sign-in form's action, from a page that must be the form. */
async function signInForm(response: Response): Promise<string> {
  const page = await response.text();
  expect(page).toContain('<title>Accord sign-in (local identity provider)</title>');
  expect(page).toMatch(/<label for="username">Username<\/label>/);
  expect(page).toMatch(/<label for="password">Password<\/label>/);
  expect(page).toContain('>Sign in</button>');
  expect(page).not.toContain('<script');
  return /<form method="post" action="([^"]+)"/.exec(page)![1];
}

/** Signs `username` in through the form, exchanges the code, and returns the tokens. */
async function signIn(browser: Browser, username = 'ada') {
  const request = authorizationRequest();
  const start = await browser.follow(await request.url());
  const action = await signInForm(start.response);
  const done = await browser.follow(new URL(action, OIDC_ISSUER).href, { username, password: demoPassword() });
  expect(done.url.startsWith(CALLBACK)).toBe(true);
  return oidc.authorizationCodeGrant(config, new URL(done.url), {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
  });
}

it('signs ada in with Authorization Code + PKCE and issues a JWT access token for Accord', async () => {
  const tokens = await signIn(new Browser());

  const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
  const { payload } = await jwtVerify(tokens.access_token, jwks, { issuer: OIDC_ISSUER, audience: 'accord' });
  expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
  expect(payload).toMatchObject({ iss: OIDC_ISSUER, aud: 'accord', sub: 'ada', roles: ['alliance_manager'] });
  expect(payload.name).toBe('Ada Lovelace');
  expect(payload.exp! - payload.iat!).toBe(Number(process.env.IDP_ACCESS_TOKEN_TTL || 300));

  expect(tokens.claims()).toMatchObject({ sub: 'ada', name: 'Ada Lovelace', roles: ['alliance_manager'] });
  expect(tokens.refresh_token).toEqual(expect.any(String));
});

it('refreshes the access token and rotates the refresh token', async () => {
  const first = await signIn(new Browser(), 'lee');
  const second = await oidc.refreshTokenGrant(config, first.refresh_token!);
  expect(second.refresh_token).toEqual(expect.any(String));
  expect(second.refresh_token).not.toBe(first.refresh_token);
  const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
  const { payload } = await jwtVerify(second.access_token, jwks, { issuer: OIDC_ISSUER, audience: 'accord' });
  expect(payload).toMatchObject({ sub: 'lee', roles: ['legal'], name: 'Lee Morgan' });
  // The used one is spent.
  await expect(oidc.refreshTokenGrant(config, first.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
});

it('grants consent without asking: prompt=consent goes straight back to the dashboard', async () => {
  const browser = new Browser();
  await signIn(browser, 'root');
  const request = authorizationRequest({ prompt: 'consent' });
  const done = await browser.follow(await request.url());
  expect(done.url.startsWith(CALLBACK)).toBe(true);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(done.url), {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
  });
  expect(tokens.claims()).toMatchObject({ sub: 'root', roles: ['admin'] });
  expect(tokens.refresh_token).toEqual(expect.any(String));
});

it('refuses a wrong password or an unknown user with the form again, saying the same thing', async () => {
  const browser = new Browser();
  const start = await browser.follow(await authorizationRequest().url());
  const action = new URL(await signInForm(start.response), OIDC_ISSUER).href;

  const pages = [];
  for (const attempt of [
    { username: 'ada', password: 'not-the-password' },
    { username: 'nobody', password: demoPassword() },
  ]) {
    const response = await browser.request(action, attempt);
    expect(response.status).toBe(401);
    expect(response.headers.get('location')).toBeNull();
    const page = await response.clone().text();
    await signInForm(response);
    expect(page).toContain('role="alert"');
    pages.push(page.replace(/value="[^"]*"/g, ''));
  }
  expect(pages[0]).toBe(pages[1]);
});

it('refuses redirect URIs outside the loopback origins, or with another path', async () => {
  for (const redirect_uri of [
    'http://evil.example/auth/callback',
    'http://localhost.evil.example:3000/auth/callback',
    'https://localhost:3000/auth/callback',
    `${DASHBOARD}/elsewhere`,
  ]) {
    const response = await new Browser().request(await authorizationRequest({ redirect_uri }).url());
    expect({ redirect_uri, status: response.status }).toEqual({ redirect_uri, status: 400 });
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('redirect_uri');
  }
});

it('refuses an authorization request without PKCE', async () => {
  const url = oidc.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid', state: 'x' });
  const response = await new Browser().request(url.toString());
  expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
});

it('ends the provider session on RP-initiated logout: the next sign-in asks for a password', async () => {
  const browser = new Browser();
  const tokens = await signIn(browser, 'val');

  // While the session lives, a new authorization request goes straight back to the dashboard.
  const again = await browser.follow(await authorizationRequest().url());
  expect(again.url.startsWith(CALLBACK)).toBe(true);

  const logout = oidc.buildEndSessionUrl(config, {
    id_token_hint: tokens.id_token!,
    post_logout_redirect_uri: `${DASHBOARD}/signed-out`,
    state: 'bye',
  });
  const confirm = await browser.request(logout.toString());
  expect(confirm.status).toBe(200);
  const page = await confirm.text();
  expect(page).toContain('<title>Sign out of Accord?</title>');
  expect(page).not.toContain('<script');
  const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page)![1];
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)![1];
  const out = await browser.follow(action, { xsrf, logout: 'yes' });
  expect(out.url).toBe(`${DASHBOARD}/signed-out?state=bye`);

  await signInForm((await browser.follow(await authorizationRequest().url())).response);
  // Its refresh tokens ended with it.
  await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
});
