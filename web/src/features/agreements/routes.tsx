import { Suspense, lazy, type ReactNode } from 'react';
import { match } from '../../app/router';
import './agreements.css';

/*
 * The agreement pages load on first visit (their own chunk), so the entry bundle stays within its
 * budget; the stylesheet is small and loads with the app.
 */
const AgreementListPage = lazy(() =>
  import('./agreement-list-page').then((module) => ({ default: module.AgreementListPage })),
);
const DraftAgreementPage = lazy(() =>
  import('./draft-agreement-page').then((module) => ({ default: module.DraftAgreementPage })),
);
const AgreementPage = lazy(() => import('./agreement-page').then((module) => ({ default: module.AgreementPage })));

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p className="loading">Loading…</p>}>{children}</Suspense>;
}

/** `/agreements`, `/agreements/new`, `/agreements/log`, `/agreements/:id`; undefined for any other address. */
export function agreementRoute(pathname: string): { section: 'agreements'; render: () => ReactNode } | undefined {
  if (match('/agreements', pathname))
    return {
      section: 'agreements',
      render: () => (
        <Page>
          <AgreementListPage />
        </Page>
      ),
    };
  if (match('/agreements/new', pathname))
    return {
      section: 'agreements',
      render: () => (
        <Page>
          <DraftAgreementPage key="draft" signed={false} />
        </Page>
      ),
    };
  if (match('/agreements/log', pathname))
    return {
      section: 'agreements',
      render: () => (
        <Page>
          <DraftAgreementPage key="log" signed />
        </Page>
      ),
    };
  const found = match('/agreements/:id', pathname);
  if (found?.id)
    return {
      section: 'agreements',
      render: () => (
        <Page>
          <AgreementPage key={found.id} id={found.id!} />
        </Page>
      ),
    };
  return undefined;
}
