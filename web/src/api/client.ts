import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as AgreementPaths } from './generated/agreement-service';
import type { paths as DashboardPaths } from './generated/dashboard';
import type { paths as PartnerPaths } from './generated/partner-service';
import type { paths as ProjectPaths } from './generated/project-service';
import { ApiError, NETWORK_PROBLEM, toProblem } from './problems';

/**
 * One typed client per service, all on this origin: the dashboard server forwards
 * `/api/service/<name>/...` to the service with the session's token. The browser never sees a token;
 * the session cookie goes with every request, and a write carries the session's CSRF token.
 */

let csrfToken: string | null = null;
const signedOutListeners = new Set<() => void>();

/** Set by the session once `/auth/me` answers; cleared on sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any call answers 401: the session is gone, the app shows the sign-in page. */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/**
 * The `Idempotency-Key` of a write (every service write route takes one). One key per submission: a
 * retry of the same submission (the same method and body to the same address) after the server could
 * not be reached, or answered 5xx, reuses it, so the service applies it once even if the first
 * attempt did arrive; any other answer (a success, a refusal) ends the submission and the next one
 * gets a new key.
 */
const pendingKeys = new Map<string, string>();

const CSRF_HEADER = 'X-CSRF-Token';
const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Where the fingerprint of an attempt waits for its answer. */
const attempts = new Map<string, string>();

function newKey(): string {
  return crypto.randomUUID();
}

/**
 * The one middleware every client uses: CSRF token and Idempotency-Key on writes, and a 401
 * anywhere signs the app out.
 */
export const sessionMiddleware: Middleware = {
  async onRequest({ request, id }) {
    if (request.method === 'GET' || request.method === 'HEAD') return request;
    if (csrfToken) request.headers.set(CSRF_HEADER, csrfToken);
    if (request.url.includes('/api/service/') && !request.headers.has(IDEMPOTENCY_HEADER)) {
      const fingerprint = `${request.method} ${request.url}\n${await request.clone().text()}`;
      const key = pendingKeys.get(fingerprint) ?? newKey();
      pendingKeys.set(fingerprint, key);
      attempts.set(id, fingerprint);
      request.headers.set(IDEMPOTENCY_HEADER, key);
    }
    return request;
  },
  onResponse({ response, id }) {
    const fingerprint = attempts.get(id);
    attempts.delete(id);
    // A 5xx may not have reached the store, or may have: the retry must say it is the same submission.
    if (fingerprint !== undefined && response.status < 500) pendingKeys.delete(fingerprint);
    if (response.status === 401) for (const listener of signedOutListeners) listener();
    return response;
  },
  onError({ id, error }) {
    // The server could not be reached: keep the key for the retry, and say so in words.
    attempts.delete(id);
    if (error instanceof DOMException && error.name === 'AbortError') return error;
    return new ApiError(NETWORK_PROBLEM);
  },
};

function client<Paths extends object>(baseUrl: string) {
  const created = createClient<Paths>({ baseUrl, credentials: 'same-origin' });
  created.use(sessionMiddleware);
  return created;
}

const origin = typeof location === 'undefined' ? '' : location.origin;

export const partnerApi = client<PartnerPaths>(`${origin}/api/service/partner`);
export const agreementApi = client<AgreementPaths>(`${origin}/api/service/agreement`);
export const projectApi = client<ProjectPaths>(`${origin}/api/service/project`);
export const dashboardApi = client<DashboardPaths>(origin);

/** What every openapi-fetch call answers. */
interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call; anything else is thrown as an ApiError carrying the problem. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw new ApiError(toProblem(response.status, error));
  return data as T;
}

/** The data with the record's ETag (`"7"`), for a form that will send it back as If-Match. */
export async function unwrapVersioned<T>(call: Promise<Result<T>>): Promise<{ data: T; etag: string | null }> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw new ApiError(toProblem(response.status, error));
  return { data: data as T, etag: response.headers.get('ETag') };
}

/** `"7"` for version 7: what If-Match sends when a view carries its version but no ETag came. */
export function etagOf(version: number): string {
  return `"${version}"`;
}
