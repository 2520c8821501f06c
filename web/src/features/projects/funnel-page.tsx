import { explain, isApiError } from '../../api/problems';
import { invalidate, useResource } from '../../api/resource';
import { Link, useSearchParams, usePageTitle } from '../../app/router';
import { useSession } from '../../app/session';
import { useLiveChanges } from '../../live';
import { EmptyState } from '../../ui/empty-state';
import { DateField, Select, TextField } from '../../ui/field';
import { formatDay, formatMoney, label, plural } from '../../ui/format';
import { PartyPicker } from '../agreements/party-picker';
import { partyName, usePartners } from '../agreements/partner-names';
import { PROJECTS_KEY, listProjects, type ListQuery, type ProjectSummary, type Stage } from './api';
import { PROJECT_STATUSES, STAGES } from '../../api/enums';
import { CLOSED, stageLabel } from './options';

const PER_STAGE = 100;
const FILTERS = ['status', 'partnerId', 'agreementId', 'technologyArea', 'liveOn'] as const;

/**
 * The funnel: a column per stage (Generate · Ideate · Develop · Launch), a card per project. Cards
 * move only by a gate review, recorded on the project's page. Filters live in the address. By default
 * the funnel shows the open projects (active or on hold); "All" adds the closed ones.
 */
export function FunnelPage() {
  const heading = usePageTitle('Projects');
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Record<
    (typeof FILTERS)[number],
    string
  >;
  const status = filters.status;
  const base: ListQuery = {
    ...(status && status !== 'all' && { status: status as ListQuery['status'] }),
    ...(/^[0-9a-f-]{36}$/i.test(filters.partnerId) && { partnerId: filters.partnerId }),
    ...(/^[0-9a-f-]{36}$/i.test(filters.agreementId) && { agreementId: filters.agreementId }),
    ...(filters.technologyArea && { technologyArea: filters.technologyArea }),
    ...(/^\d{4}-\d{2}-\d{2}$/.test(filters.liveOn) && { liveOn: filters.liveOn }),
    pageSize: PER_STAGE,
  };
  useLiveChanges([{ aggregate: 'project' }], () => invalidate(`${PROJECTS_KEY}list`));
  const partners = usePartners(filters.partnerId ? [filters.partnerId] : []);
  const anyFilter = FILTERS.some((name) => filters[name]);
  const setFilter = (name: string, value: string) => setParams({ [name]: value });

  const csvParams = new URLSearchParams();
  if (status && status !== 'all') csvParams.set('status', status);
  if (filters.partnerId) csvParams.set('partnerId', filters.partnerId);
  const csv = `/api/projects.csv${csvParams.size ? `?${csvParams.toString()}` : ''}`;

  return (
    <div className="page">
      <div className="page-head">
        <h1 ref={heading} tabIndex={-1}>
          Projects
        </h1>
        <div className="page-actions">
          <a className="button" href={csv} download="projects.csv">
            Download CSV
          </a>
          {can('alliance_manager') && (
            <Link
              className="button primary"
              to={filters.agreementId ? `/projects/new?agreementId=${filters.agreementId}` : '/projects/new'}
            >
              Propose a project
            </Link>
          )}
        </div>
      </div>

      <form className="filters" role="search" aria-label="Filter projects" onSubmit={(event) => event.preventDefault()}>
        <Select
          label="Status"
          value={status}
          placeholder="Open (active or on hold)"
          options={[
            { value: 'all', label: 'All, closed included' },
            ...PROJECT_STATUSES.map((value) => ({ value, label: label(value) })),
          ]}
          onChange={(event) => setFilter('status', event.target.value)}
        />
        <div className="grow">
          <PartyPicker
            label="Partner"
            value={filters.partnerId ? [filters.partnerId] : []}
            partners={partners}
            onChange={(ids) => setFilter('partnerId', ids.at(-1) ?? '')}
            hint="Projects this partner leads."
          />
        </div>
        <TextField
          label="Technology area"
          value={filters.technologyArea}
          onChange={(event) =>
            setFilter('technologyArea', event.target.value.trim().toLowerCase().replace(/\s+/g, '-'))
          }
          placeholder="secure-computation"
        />
        <DateField
          label="Live on"
          value={filters.liveOn}
          onChange={(event) => setFilter('liveOn', event.target.value)}
          hint="Proposed by then and not yet closed."
        />
        {anyFilter && (
          <button
            type="button"
            className="button link-button"
            onClick={() => setParams(Object.fromEntries(FILTERS.map((name) => [name, null])))}
          >
            Clear filters
          </button>
        )}
      </form>
      {filters.agreementId && (
        <p className="notice">
          Projects under one agreement. <Link to={`/agreements/${filters.agreementId}`}>Open the agreement</Link>
        </p>
      )}
      {filters.partnerId && <p className="note">Led by {partyName(filters.partnerId, partners)}.</p>}

      <div className="funnel">
        {STAGES.map((stage) => (
          <StageColumn key={stage} stage={stage} query={{ ...base, stage }} openOnly={!status} anyFilter={anyFilter} />
        ))}
      </div>
    </div>
  );
}

function StageColumn({
  stage,
  query,
  openOnly,
  anyFilter,
}: {
  stage: Stage;
  query: ListQuery;
  openOnly: boolean;
  anyFilter: boolean;
}) {
  const key = `${PROJECTS_KEY}list?${new URLSearchParams(query as Record<string, string>).toString()}`;
  const list = useResource(key, (signal) => listProjects(query, signal));
  const rows = (list.data?.items ?? []).filter((row) => !openOnly || !CLOSED.includes(row.status));
  const headingId = `stage-${stage}`;
  const more = (list.data?.total ?? 0) > PER_STAGE;
  return (
    <section className="funnel-column" aria-labelledby={headingId} aria-busy={list.status === 'loading' || undefined}>
      <h2 id={headingId}>
        {stageLabel(stage)} <span className="count-badge">{list.data ? rows.length : '…'}</span>
      </h2>
      {list.status === 'error' ? (
        <p role="alert">
          {isApiError(list.error) ? explain(list.error.problem) : 'Could not be loaded.'}{' '}
          <button type="button" className="link-button" onClick={list.reload}>
            Try again
          </button>
        </p>
      ) : list.status === 'loading' && !list.data ? (
        <p className="loading">Loading…</p>
      ) : rows.length === 0 ? (
        <EmptyState title={anyFilter ? 'None match.' : `No projects in ${stageLabel(stage)}.`} />
      ) : (
        <ul className="project-cards">
          {rows.map((row) => (
            <li key={row.id}>
              <ProjectCard project={row} />
            </li>
          ))}
        </ul>
      )}
      {more && <p className="note">Showing the {PER_STAGE} most recently changed; filter to narrow.</p>}
    </section>
  );
}

function ProjectCard({ project }: { project: ProjectSummary }) {
  const share = project.budget.amount > 0 ? project.spent / project.budget.amount : 0;
  return (
    <article className="project-card" aria-labelledby={`card-${project.id}`}>
      <h3 id={`card-${project.id}`}>
        <Link to={`/projects/${project.id}`}>{project.title}</Link>
      </h3>
      <p className="badges">
        <span className={`badge status-${project.status}`}>{label(project.status)}</span>
        {project.flagged && <span className="badge status-expired">Agreement ended</span>}
        {project.overBudget && <span className="badge status-killed">Over budget</span>}
      </p>
      <p className="muted">
        {formatMoney(project.spent, project.budget.currency, true)} of{' '}
        {formatMoney(project.budget.amount, project.budget.currency, true)} spent
        {project.budget.amount > 0 && ` (${Math.round(share * 100)}%)`}
      </p>
      <p className="muted">
        {label(project.status)} since {formatDay(project.statusSince)} ·{' '}
        {plural(project.leadPartnerIds.length, 'lead partner', 'lead partners')}
      </p>
    </article>
  );
}
