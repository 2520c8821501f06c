import { ApiError, NETWORK_PROBLEM, toProblem } from './problems';

/**
 * The dashboard server's sign-in routes (not in its OpenAPI document: they are pages and cookies,
 * not an API). The session lives in an HttpOnly cookie; the app only learns who is signed in.
 */

export const ROLES = ['viewer', 'alliance_manager', 'legal', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Me {
  user: { id: string; name?: string };
  roles: Role[];
  csrfToken: string;
}

/** Who is signed in, or null when nobody is (401). */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  let response: Response;
  try {
    response = await fetch('/auth/me', { credentials: 'same-origin', headers: { Accept: 'application/json' }, signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(NETWORK_PROBLEM);
  }
  if (response.status === 401) return null;
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(toProblem(response.status, body));
  const me = body as Me;
  return { ...me, roles: (me.roles ?? []).filter((role): role is Role => (ROLES as readonly string[]).includes(role)) };
}

/** The sign-in page of the company's provider; it comes back to `returnTo` (this page by default). */
export function signIn(returnTo = `${location.pathname}${location.search}`): void {
  location.assign(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
}

export async function signOut(csrfToken: string): Promise<void> {
  const response = await fetch('/auth/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-CSRF-Token': csrfToken, Accept: 'application/json' },
  });
  const body = (await response.json().catch(() => ({}))) as { redirectTo?: string };
  if (!response.ok && response.status !== 401) throw new ApiError(toProblem(response.status, body));
  location.assign(body.redirectTo ?? '/');
}
