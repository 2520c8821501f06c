import type { ReactNode } from 'react';
import { PartnerListPage } from '../features/partners/partner-list-page';
import { PartnerPage } from '../features/partners/partner-page';
import { RegisterPartnerPage } from '../features/partners/register-partner-page';
import { agreementRoute } from '../features/agreements/routes';
import { PortfolioPage } from '../features/portfolio/portfolio-page';
import { projectRoute } from '../features/projects/routes';
import { NotFoundPage } from './not-found';
import { match } from './router';

/** Every page, by address. A feature adds its routes here. */
interface Route {
  section: 'portfolio' | 'partners' | 'agreements' | 'projects' | null;
  render: () => ReactNode;
}

export function routeFor(pathname: string): Route {
  if (pathname === '/') return { section: 'portfolio', render: () => <PortfolioPage /> };
  if (match('/partners', pathname)) return { section: 'partners', render: () => <PartnerListPage /> };
  if (match('/partners/new', pathname)) return { section: 'partners', render: () => <RegisterPartnerPage /> };
  const partner = match('/partners/:id', pathname);
  if (partner) return { section: 'partners', render: () => <PartnerPage key={partner.id} id={partner.id!} /> };
  const agreements = agreementRoute(pathname);
  if (agreements) return agreements;
  const projects = projectRoute(pathname);
  if (projects) return projects;
  return { section: null, render: () => <NotFoundPage /> };
}
