import { explain, isApiError } from '../../api/problems';
import { invalidate, useResource } from '../../api/resource';
import { Link, useSearchParams, usePageTitle } from '../../app/router';
import { useSession } from '../../app/session';
import { useLiveChanges } from '../../live';
import { EmptyState } from '../../ui/empty-state';
import { DateField, options, Select, TextField } from '../../ui/field';
import { formatDay, plural, today } from '../../ui/format';
import { Pager, Table } from '../../ui/table';
import { AGREEMENTS_KEY, listAgreements, type AgreementSummary, type ListQuery } from './api';
import { AGREEMENT_STATUSES, AGREEMENT_TYPES } from '../../api/enums';
import { daysBetween, statusLabel, typeLabel } from './options';
import { PartyPicker } from './party-picker';
import { partyName, usePartners } from './partner-names';

const PAGE_SIZE = 50;
const FILTERS = ['status', 'type', 'partnerId', 'inForceOn', 'expiringWithinDays'] as const;
const SORTS = ['-updatedAt', 'title', 'effectiveDate', '-effectiveDate', 'expiryDate', '-expiryDate'];

/** The agreement register: filters and sort in the address, so a view can be bookmarked and shared. */
export function AgreementListPage() {
  const heading = usePageTitle('Agreements');
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Record<
    (typeof FILTERS)[number],
    string
  >;
  const sort = SORTS.includes(params.get('sort') ?? '') ? params.get('sort')! : '-updatedAt';
  const page = Math.max(1, Number(params.get('page')) || 1);

  const query: ListQuery = {
    ...(filters.status && { status: filters.status as ListQuery['status'] }),
    ...(filters.type && { type: filters.type as ListQuery['type'] }),
    ...(/^[0-9a-f-]{36}$/i.test(filters.partnerId) && { partnerId: filters.partnerId }),
    ...(/^\d{4}-\d{2}-\d{2}$/.test(filters.inForceOn) && { inForceOn: filters.inForceOn }),
    ...(/^\d+$/.test(filters.expiringWithinDays) && { expiringWithinDays: Number(filters.expiringWithinDays) }),
    sort: sort as ListQuery['sort'],
    page,
    pageSize: PAGE_SIZE,
  };
  const key = `${AGREEMENTS_KEY}list?${new URLSearchParams(query as Record<string, string>).toString()}`;
  const list = useResource(key, (signal) => listAgreements(query, signal));
  useLiveChanges([{ aggregate: 'agreement' }], () => invalidate(`${AGREEMENTS_KEY}list`));

  const rows: AgreementSummary[] = list.data?.items ?? [];
  const partners = usePartners([
    ...new Set([...rows.flatMap((row) => row.partyIds), filters.partnerId].filter(Boolean)),
  ]);
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const anyFilter = FILTERS.some((name) => filters[name]);
  const manage = can('alliance_manager');

  // The dashboard's CSV filters by type, status and partner: the other filters are not in it.
  const csvParams = new URLSearchParams();
  for (const name of ['type', 'status', 'partnerId'] as const) if (filters[name]) csvParams.set(name, filters[name]);
  const csv = `/api/agreements.csv${csvParams.size ? `?${csvParams.toString()}` : ''}`;
  const csvPartial = Boolean(filters.inForceOn || filters.expiringWithinDays);

  const setFilter = (name: string, value: string) => setParams({ [name]: value, page: null });

  return (
    <div className="page">
      <div className="page-head">
        <h1 ref={heading} tabIndex={-1}>
          Agreements
        </h1>
        <div className="page-actions">
          <a
            className="button"
            href={csv}
            download="agreements.csv"
            title={csvPartial ? 'The CSV applies the type, status and partner filters only.' : undefined}
          >
            Download CSV
          </a>
          {manage && can('legal') && (
            <Link className="button" to="/agreements/log">
              Log a signed agreement
            </Link>
          )}
          {manage && (
            <Link className="button primary" to="/agreements/new">
              Draft an agreement
            </Link>
          )}
        </div>
      </div>

      <form
        className="filters"
        role="search"
        aria-label="Filter agreements"
        onSubmit={(event) => event.preventDefault()}
      >
        <Select
          label="Status"
          value={filters.status}
          placeholder="All statuses"
          options={options(AGREEMENT_STATUSES, statusLabel)}
          onChange={(event) => setFilter('status', event.target.value)}
        />
        <Select
          label="Type"
          value={filters.type}
          placeholder="All types"
          options={options(AGREEMENT_TYPES, typeLabel)}
          onChange={(event) => setFilter('type', event.target.value)}
        />
        <div className="grow">
          <PartyPicker
            label="Partner"
            value={filters.partnerId ? [filters.partnerId] : []}
            partners={partners}
            onChange={(ids) => setFilter('partnerId', ids.at(-1) ?? '')}
            hint="Agreements this partner is a party to."
          />
        </div>
        <DateField
          label="In force on"
          notFuture={false}
          value={filters.inForceOn}
          onChange={(event) => setFilter('inForceOn', event.target.value)}
          hint={filters.inForceOn ? undefined : `e.g. today, ${formatDay(today())}`}
        />
        <TextField
          label="Expiring within (days)"
          inputMode="numeric"
          size={5}
          value={filters.expiringWithinDays}
          onChange={(event) => setFilter('expiringWithinDays', event.target.value.replace(/\D/g, ''))}
        />
        {anyFilter && (
          <button
            type="button"
            className="button link-button"
            onClick={() => setParams(Object.fromEntries([...FILTERS, 'page'].map((name) => [name, null])))}
          >
            Clear filters
          </button>
        )}
      </form>

      {list.status === 'error' && (
        <div className="banner" role="alert">
          <p>{isApiError(list.error) ? explain(list.error.problem) : 'The agreements could not be loaded.'}</p>
          <button type="button" className="button" onClick={list.reload}>
            Try again
          </button>
        </div>
      )}

      <p className="count" role="status">
        {list.data ? plural(total, 'agreement', 'agreements') : 'Loading…'}
      </p>

      <Table
        caption="Agreements"
        busy={list.status === 'loading' || list.refreshing}
        rows={rows}
        rowKey={(row) => row.id}
        sort={sort}
        onSort={(next) => setParams({ sort: next === '-updatedAt' ? null : next, page: null })}
        empty={
          list.status === 'loading' ? (
            'Loading…'
          ) : anyFilter ? (
            <EmptyState title="No agreements match these filters.">
              <p>Clear a filter to see more.</p>
            </EmptyState>
          ) : (
            <EmptyState title="No agreements yet.">
              {manage && (
                <p>
                  <Link to="/agreements/new">Draft one</Link>
                  {can('legal') && (
                    <>
                      {' '}
                      or <Link to="/agreements/log">log a signed one</Link>
                    </>
                  )}
                  .
                </p>
              )}
            </EmptyState>
          )
        }
        columns={[
          {
            key: 'title',
            header: 'Title',
            sort: 'title',
            rowHeader: true,
            cell: (row) => <Link to={`/agreements/${row.id}`}>{row.title}</Link>,
          },
          { key: 'type', header: 'Type', cell: (row) => typeLabel(row.type) },
          {
            key: 'status',
            header: 'Status',
            cell: (row) => <span className={`badge status-${row.status}`}>{statusLabel(row.status)}</span>,
          },
          {
            key: 'parties',
            header: 'Parties',
            cell: (row) => row.partyIds.map((id) => partyName(id, partners)).join(', '),
          },
          { key: 'effective', header: 'Effective', sort: 'effectiveDate', cell: (row) => formatDay(row.effectiveDate) },
          {
            key: 'expires',
            header: 'Expires',
            sort: 'expiryDate',
            cell: (row) => <Expiry row={row} />,
          },
        ]}
      />

      <Pager page={page} pages={pages} onPage={(next) => setParams({ page: next }, { replace: false })} />
    </div>
  );
}

/** The expiry date, with the days left when it is near (in force and within 90 days). */
function Expiry({ row }: { row: AgreementSummary }) {
  if (!row.expiryDate) return <>Open-ended</>;
  const left = daysBetween(today(), row.expiryDate);
  const live = row.status === 'active' || row.status === 'signed';
  return (
    <>
      {formatDay(row.expiryDate)}
      {live && left >= 0 && left <= 90 && (
        <span className={`days ${left <= 30 ? 'urgent' : 'soon'}`}> · {plural(left, 'day', 'days')} left</span>
      )}
    </>
  );
}
