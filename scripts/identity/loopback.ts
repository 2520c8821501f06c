/**
 * The dashboard runs on any loopback port (tests pick random ones), so its redirect URIs are a
 * pattern, not a list: plain http on localhost or 127.0.0.1, any port, one of these paths, no query
 * or fragment. The URI must be in canonical form, so that no parser can read another host into it.
 */
export const CALLBACK_PATHS = ['/auth/callback'] as const;
export const POST_LOGOUT_PATHS = ['/', '/signed-out'] as const;

export function isLoopbackUri(uri: string, paths: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return (
    url.href === uri &&
    url.protocol === 'http:' &&
    (url.hostname === 'localhost' || url.hostname === '127.0.0.1') &&
    paths.includes(url.pathname) &&
    !url.search &&
    !url.hash
  );
}
