import { useEffect, useState } from 'react';
import { signIn } from '../api/session';
import { explain, isApiError } from '../api/problems';
import { onLiveState, setLiveEnabled, type LiveState } from '../live';
import { StatusProvider, useAnnounce } from '../ui/status';
import { Link, useLocation, usePageTitle } from './router';
import { ROLE_LABELS, SessionProvider, useSession } from './session';
import { routeFor } from './routes';

/** The whole app: session, status region, and the shell around the page the address names. */
export function App() {
  return (
    <SessionProvider>
      <StatusProvider>
        <Shell />
      </StatusProvider>
    </SessionProvider>
  );
}

const NAV = [
  { to: '/', label: 'Portfolio', section: 'portfolio' },
  { to: '/partners', label: 'Partners', section: 'partners' },
  { to: '/agreements', label: 'Agreements', section: 'agreements' },
  { to: '/projects', label: 'Projects', section: 'projects' },
] as const;

function Shell() {
  const { state } = useSession();
  const { pathname } = useLocation();
  const signedIn = state.status === 'signed-in';

  useEffect(() => {
    setLiveEnabled(signedIn);
  }, [signedIn]);

  const route = routeFor(pathname);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <p className="brand">
          <Link to="/">Accord</Link>
          <span className="brand-sub"> partnership portfolio</span>
        </p>
        {signedIn && (
          <nav aria-label="Main">
            <ul>
              {NAV.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} aria-current={route.section === item.section ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {signedIn && <Account />}
      </header>
      <main id="main" tabIndex={-1}>
        {state.status === 'loading' && <p className="loading">Loading…</p>}
        {state.status === 'signed-out' && <SignedOut expired={state.expired} />}
        {state.status === 'error' && <SessionError error={state.error} />}
        {signedIn && route.render()}
      </main>
    </>
  );
}

function Account() {
  const { me, signOut } = useSession();
  const announce = useAnnounce();
  const [live, setLive] = useState<LiveState>('off');
  const [pending, setPending] = useState(false);
  useEffect(() => onLiveState(setLive), []);
  if (!me) return null;
  const name = me.user.name ?? me.user.id;
  return (
    <div className="account">
      <p className="live" data-state={live} title="Live updates">
        <span className="dot" aria-hidden="true" />
        <span>{live === 'live' ? 'Live' : live === 'off' ? 'Offline' : 'Reconnecting…'}</span>
      </p>
      <p className="who" aria-label="Signed in as">
        <span className="who-name">{name}</span>
        <span className="who-roles">{me.roles.map((role) => ROLE_LABELS[role]).join(', ') || 'No role'}</span>
      </p>
      <button
        type="button"
        className="button"
        disabled={pending}
        onClick={() => {
          setPending(true);
          signOut().catch((error: unknown) => {
            setPending(false);
            announce(isApiError(error) ? explain(error.problem) : 'Signing out failed. Try again.', 'error');
          });
        }}
      >
        Sign out
      </button>
    </div>
  );
}

function SignedOut({ expired }: { expired: boolean }) {
  const heading = usePageTitle('Sign in');
  // The dashboard sends a failed sign-in back with its reason (`?signIn=access_denied`, `expired`, ...).
  const failed = new URLSearchParams(location.search).get('signIn');
  return (
    <section className="sign-in card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" ref={heading} tabIndex={-1}>
        Sign in to Accord
      </h1>
      <p>
        {expired
          ? 'Your session has ended. Sign in again to carry on where you were.'
          : "Accord tracks the company's partners, agreements and joint projects. Sign in with your company account."}
      </p>
      {failed && (
        <p role="alert" className="field-error">
          {failed === 'expired'
            ? 'The sign-in took too long and was not completed. Please sign in again.'
            : failed === 'access_denied'
              ? 'The sign-in was cancelled or refused at the identity provider.'
              : 'The sign-in could not be completed. Please try again; if it keeps failing, tell your administrator.'}
        </p>
      )}
      <button type="button" className="button primary" onClick={() => signIn()}>
        Sign in
      </button>
    </section>
  );
}

function SessionError({ error }: { error: unknown }) {
  const { retry } = useSession();
  usePageTitle('Unavailable');
  return (
    <section className="card" role="alert">
      {isApiError(error) && error.problem.status === 403 ? (
        <>
          <h1>No Accord role yet</h1>
          <p>
            You are signed in, but your account has none of Accord&apos;s roles (viewer, alliance manager, legal,
            admin). Ask an administrator to grant you one in the company&apos;s identity provider, then try again.
          </p>
        </>
      ) : (
        <>
          <h1>Accord is unavailable</h1>
          <p>{isApiError(error) ? explain(error.problem) : 'Something went wrong while loading.'}</p>
        </>
      )}
      <button type="button" className="button" onClick={retry}>
        Try again
      </button>
    </section>
  );
}
