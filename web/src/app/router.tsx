import { useCallback, useEffect, useRef, useSyncExternalStore, type AnchorHTMLAttributes, type ReactNode } from 'react';

/**
 * A small history router. The address holds everything a view needs to be bookmarked or shared:
 * the path names the page, the query string its filters and sort (`/partners?type=startup&sort=-name`).
 */

const NAVIGATED = 'accord:navigated';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATED, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATED, listener);
  };
}

const snapshot = () => `${location.pathname}${location.search}`;

/** Was the latest change of page made in this app (true) or is it the first page loaded (false)? */
let navigatedInApp = false;

export function navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  const samePage = new URL(to, location.origin).pathname === location.pathname;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  if (!samePage) {
    navigatedInApp = true;
    if (!replace) window.scrollTo(0, 0);
  }
  window.dispatchEvent(new Event(NAVIGATED));
}

export function useLocation(): { pathname: string; search: string; href: string } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, 'http://local');
  return { pathname: url.pathname, search: url.search, href };
}

/**
 * The query string as state. `set({ type: 'startup', page: null })` changes those keys (null or '' removes
 * one) and keeps the others; filter changes replace the history entry rather than piling up entries.
 */
export function useSearchParams(): [
  URLSearchParams,
  (changes: Record<string, string | null>, options?: { replace?: boolean }) => void,
] {
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const set = useCallback((changes: Record<string, string | null>, { replace = true } = {}) => {
    const next = new URLSearchParams(location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    const query = next.toString();
    navigate(`${location.pathname}${query ? `?${query}` : ''}`, { replace });
  }, []);
  return [params, set];
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; children: ReactNode };

/** An ordinary link (open in a new tab, copy the address) that changes page without reloading. */
export function Link({ to, onClick, ...props }: LinkProps) {
  return (
    <a
      {...props}
      href={to}
      onClick={(event) => {
        onClick?.(event);
        if (
          event.defaultPrevented ||
          event.button !== 0 ||
          event.metaKey ||
          event.ctrlKey ||
          event.shiftKey ||
          event.altKey ||
          props.target === '_blank' ||
          props.download !== undefined
        )
          return;
        event.preventDefault();
        navigate(to);
      }}
    />
  );
}

/**
 * The page's heading: it sets the document title and, after a change of page within the app, takes
 * the focus, so a screen reader announces the new page and Tab continues from there.
 */
export function usePageTitle(title: string): React.RefObject<HTMLHeadingElement | null> {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = title ? `${title} · Accord` : 'Accord';
  }, [title]);
  useEffect(() => {
    if (navigatedInApp) ref.current?.focus({ preventScroll: true });
  }, []);
  return ref;
}

/** `/partners/:id` against `/partners/4f…`: the named segments, or null. */
export function match(pattern: string, pathname: string): Record<string, string> | null {
  const names: string[] = [];
  const source = pattern.replace(/\/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '/([^/]+)';
  });
  const found = new RegExp(`^${source}/?$`).exec(pathname);
  if (!found) return null;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]));
}
