import { Suspense, lazy, type ReactNode } from 'react';
import { match } from '../../app/router';
import '../agreements/agreements.css';
import './projects.css';

/* The project pages load on first visit (their own chunk), so the entry bundle stays within its budget. */
const FunnelPage = lazy(() => import('./funnel-page').then((module) => ({ default: module.FunnelPage })));
const ProposeProjectPage = lazy(() =>
  import('./propose-project-page').then((module) => ({ default: module.ProposeProjectPage })),
);
const ProjectPage = lazy(() => import('./project-page').then((module) => ({ default: module.ProjectPage })));

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p className="loading">Loading…</p>}>{children}</Suspense>;
}

/** `/projects`, `/projects/new`, `/projects/:id`; undefined for any other address. */
export function projectRoute(pathname: string): { section: 'projects'; render: () => ReactNode } | undefined {
  if (match('/projects', pathname))
    return {
      section: 'projects',
      render: () => (
        <Page>
          <FunnelPage />
        </Page>
      ),
    };
  if (match('/projects/new', pathname))
    return {
      section: 'projects',
      render: () => (
        <Page>
          <ProposeProjectPage />
        </Page>
      ),
    };
  const found = match('/projects/:id', pathname);
  if (found?.id)
    return {
      section: 'projects',
      render: () => (
        <Page>
          <ProjectPage key={found.id} id={found.id!} />
        </Page>
      ),
    };
  return undefined;
}
