import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onSignedOut, setCsrfToken } from '../api/client';
import { fetchMe, signOut as postSignOut, type Me, type Role } from '../api/session';

/**
 * Who is signed in and what they may do. `can('alliance_manager')` decides what the page offers;
 * the services still decide what they accept (their `@Roles(...)`), so a hidden button is a
 * courtesy, not a control.
 */

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; expired: boolean }
  | { status: 'error'; error: unknown }
  | { status: 'signed-in'; me: Me };

interface Session {
  state: SessionState;
  me: Me | null;
  can: (...roles: Role[]) => boolean;
  signOut: () => Promise<void>;
  retry: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchMe(controller.signal).then(
      (me) => {
        setCsrfToken(me?.csrfToken ?? null);
        setState(me ? { status: 'signed-in', me } : { status: 'signed-out', expired: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  // Any call answering 401: the session ended (expired, signed out in another tab).
  useEffect(
    () =>
      onSignedOut(() => {
        setCsrfToken(null);
        setState({ status: 'signed-out', expired: true });
      }),
    [],
  );

  const me = state.status === 'signed-in' ? state.me : null;
  const can = useCallback((...roles: Role[]) => !!me && roles.some((role) => me.roles.includes(role)), [me]);
  const signOut = useCallback(async () => {
    if (me) await postSignOut(me.csrfToken);
  }, [me]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const value = useMemo(() => ({ state, me, can, signOut, retry }), [state, me, can, signOut, retry]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** Roles as people say them. */
export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer',
  alliance_manager: 'Alliance manager',
  legal: 'Legal',
  admin: 'Administrator',
};
