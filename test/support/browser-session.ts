/**
 * A signed-in browser without the browser, for integration tests of the sign-in: cookies kept per
 * host (as browsers do, whatever the port), redirects followed by hand, and the local identity
 * provider's sign-in form filled in, exactly as a person would submit it.
 */
export class BrowserSession {
  private readonly cookies = new Map<string, Map<string, string>>();
  csrfToken = '';
  /** Every Set-Cookie header received, in order, to check the cookies' attributes. */
  readonly setCookies: string[] = [];

  constructor(readonly origin: string) {}

  /** One request, no redirect followed; cookies sent and kept. */
  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url, this.origin);
    const headers = new Headers(init.headers);
    const jar = this.cookies.get(target.hostname);
    if (jar && jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    this.keep(target.hostname, response);
    return response;
  }

  /** Follows redirects (303s turn into GETs, as browsers do); returns the last response and its URL. */
  async follow(url: string | URL, init: RequestInit = {}): Promise<{ response: Response; url: URL }> {
    let target = new URL(url, this.origin);
    let response = await this.request(target, init);
    for (let hops = 0; response.status >= 300 && response.status < 400 && hops < 20; hops++) {
      target = new URL(response.headers.get('location')!, target);
      response = await this.request(target);
    }
    return { response, url: target };
  }

  /** Signs in through the dashboard and the provider's form; resolves with where the user lands. */
  async signIn(username: string, password: string, returnTo = '/'): Promise<URL> {
    const { response, url } = await this.follow(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    const form = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(form)?.[1];
    if (!action) throw new Error(`no sign-in form at ${url.href}: ${response.status}`);
    const landed = await this.follow(new URL(action.replace(/&amp;/g, '&'), url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password }).toString(),
    });
    const me = await this.request('/auth/me');
    if (me.ok) this.csrfToken = ((await me.json()) as { csrfToken: string }).csrfToken;
    return landed.url;
  }

  /** A JSON call through the web app's routes, with the CSRF token a write needs. */
  api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : { 'x-csrf-token': this.csrfToken }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  cookie(host: string, name: string): string | undefined {
    return this.cookies.get(host)?.get(name);
  }

  private keep(host: string, response: Response): void {
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    this.cookies.set(host, jar);
    for (const line of response.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const expired = attributes.some((a) => /^\s*max-age=0/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired) jar.delete(name);
      else jar.set(name, pair.slice(at + 1).trim());
    }
  }
}
