import { dashboardApi, unwrap } from '../../api/client';
import type { AgreementRow, Portfolio } from '../../api/dashboard-types';

export const PORTFOLIO_KEY = 'dashboard:portfolio';

export function fetchPortfolio(signal: AbortSignal): Promise<Portfolio> {
  // dashboard.json does not declare this response yet: see api/dashboard-types.ts.
  return unwrap(dashboardApi.GET('/api/portfolio', { signal })) as Promise<unknown> as Promise<Portfolio>;
}

export function fetchAgreementsByStatus(status: string, signal: AbortSignal): Promise<AgreementRow[]> {
  return (
    unwrap(
      dashboardApi.GET('/api/agreements', { params: { query: { status } }, signal }),
    ) as Promise<unknown> as Promise<{
      items: AgreementRow[];
    }>
  ).then((page) => page.items);
}
