const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Why a URL may not point at an identity provider, or undefined when it may. Keys fetched over plain
 * HTTP could be swapped by anyone on the path, and whoever swaps them signs tokens for any role: so
 * https, except on this machine (a local provider for development).
 */
export function providerUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an http(s) URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return 'must be an http(s) URL';
  return isLoopback(url.hostname)
    ? undefined
    : 'must use https (http only for localhost, *.localhost, 127.0.0.1 or ::1)';
}

/**
 * This machine: localhost and, as RFC 6761 reserves them for it, every `*.localhost` name (the local
 * provider in docker-compose is `identity.localhost`, a name each container resolves to it).
 */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK.includes(hostname) || hostname.endsWith('.localhost');
}
