import type { Role } from '../../api/session';
import type { AgreementRow, Portfolio } from '../../api/dashboard-types';
import { useSession } from '../../app/session';
import { Link } from '../../app/router';
import { useResource } from '../../api/resource';
import { formatNumber, plural } from '../../ui/format';
import { fetchAgreementsByStatus } from './api';

/**
 * "What needs me": the agreements waiting for an action the user's roles allow, and the deadlines
 * close at hand. Each count links to the filtered list behind it.
 */
interface Waiting {
  status: string;
  action: string;
  roles: Role[];
}

/** Who moves an agreement on from each status (agreement-service's @Roles). */
const WAITING: Waiting[] = [
  { status: 'draft', action: 'to negotiate or submit for review', roles: ['alliance_manager'] },
  { status: 'in_negotiation', action: 'to submit for review', roles: ['alliance_manager'] },
  { status: 'in_review', action: 'to approve', roles: ['legal'] },
  { status: 'approved', action: 'to sign', roles: ['alliance_manager', 'legal'] },
];

function WaitingCount({ waiting }: { waiting: Waiting }) {
  const { data, status } = useResource<AgreementRow[]>(`dashboard:agreements?status=${waiting.status}`, (signal) =>
    fetchAgreementsByStatus(waiting.status, signal),
  );
  const count = data?.length;
  return (
    <li>
      <Link to={`/agreements?status=${waiting.status}`}>
        <strong className="figure">{status === 'error' ? '—' : count === undefined ? '…' : formatNumber(count)}</strong>{' '}
        {count === 1 ? 'agreement' : 'agreements'} {waiting.action}
      </Link>
    </li>
  );
}

export function NeedsMe({ portfolio }: { portfolio: Portfolio | undefined }) {
  const { can } = useSession();
  const mine = WAITING.filter((waiting) => can(...waiting.roles));
  const overdue = portfolio?.agreements.overdueObligations.length ?? 0;
  const expiring = portfolio?.agreements.expiring.within30 ?? 0;
  if (mine.length === 0 && overdue === 0 && expiring === 0) return null;
  return (
    <section className="needs-me card" aria-labelledby="needs-me-title">
      <h2 id="needs-me-title">What needs me</h2>
      <ul>
        {mine.map((waiting) => (
          <WaitingCount key={waiting.status} waiting={waiting} />
        ))}
        {expiring > 0 && (
          <li>
            <a href="#expiring-title">
              <strong className="figure urgent">{formatNumber(expiring)}</strong>{' '}
              {expiring === 1 ? 'agreement expires' : 'agreements expire'} within 30 days
            </a>
          </li>
        )}
        {overdue > 0 && (
          <li>
            <a href="#overdue-title">
              <strong className="figure urgent">{formatNumber(overdue)}</strong> overdue{' '}
              {plural(overdue, 'obligation', 'obligations').replace(/^\S+ /, '')}
            </a>
          </li>
        )}
      </ul>
    </section>
  );
}
