import { useEffect, useState } from 'react';
import { explain, isApiError } from '../../api/problems';
import { invalidate, useResource } from '../../api/resource';
import { Link, useSearchParams, usePageTitle } from '../../app/router';
import { useSession } from '../../app/session';
import { useLiveChanges } from '../../live';
import { Badge, Tags } from '../../ui/badge';
import { EmptyState } from '../../ui/empty-state';
import { options, Select, TextField } from '../../ui/field';
import { countryName, formatNumber, label, plural } from '../../ui/format';
import { Pager, Table } from '../../ui/table';
import { PARTNERS_KEY, listPartners, type ListQuery, type PartnerListItem } from './api';
import { PARTNER_STATUSES, PARTNER_TIERS, PARTNER_TYPES } from '../../api/enums';

const PAGE_SIZE = 50;
/** The address's filters; `tier` is applied to the page shown (see the note under the table). */
const FILTERS = ['q', 'type', 'country', 'status', 'technologyArea', 'tier'] as const;
const SORTS = [
  'name',
  '-name',
  'country',
  'tier',
  'registeredAt',
  '-registeredAt',
  'lastActivityAt',
  '-lastActivityAt',
];

/** The partner directory: search and filters in the address, so a view can be bookmarked and shared. */
export function PartnerListPage() {
  const heading = usePageTitle('Partners');
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Record<
    (typeof FILTERS)[number],
    string
  >;
  const sort = SORTS.includes(params.get('sort') ?? '') ? params.get('sort')! : 'name';
  const page = Math.max(1, Number(params.get('page')) || 1);

  const query: ListQuery = {
    ...(filters.q && { q: filters.q }),
    ...(filters.type && { type: filters.type as ListQuery['type'] }),
    ...(/^[A-Za-z]{2}$/.test(filters.country) && { country: filters.country.toUpperCase() }),
    ...(filters.status && { status: filters.status as ListQuery['status'] }),
    ...(filters.technologyArea && { technologyArea: filters.technologyArea }),
    sort: sort as ListQuery['sort'],
    page,
    pageSize: PAGE_SIZE,
  };
  const key = `${PARTNERS_KEY}list?${new URLSearchParams(query as Record<string, string>).toString()}`;
  const list = useResource(key, (signal) => listPartners(query, signal));
  useLiveChanges([{ aggregate: 'partner' }], () => invalidate(`${PARTNERS_KEY}list`));

  const rows: PartnerListItem[] = (list.data?.items ?? []).filter((row) => !filters.tier || row.tier === filters.tier);
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const anyFilter = FILTERS.some((name) => filters[name]);

  // What the CSV holds: the same filters and sort as the table.
  const csvParams = new URLSearchParams();
  for (const name of FILTERS)
    if (filters[name]) csvParams.set(name, name === 'country' ? filters[name].toUpperCase() : filters[name]);
  if (sort !== 'name') csvParams.set('sort', sort);
  const csv = `/api/partners.csv${csvParams.size ? `?${csvParams.toString()}` : ''}`;

  const setFilter = (name: string, value: string) => setParams({ [name]: value, page: null });

  return (
    <div className="page">
      <div className="page-head">
        <h1 ref={heading} tabIndex={-1}>
          Partners
        </h1>
        <div className="page-actions">
          <a className="button" href={csv} download="partners.csv">
            Download CSV
          </a>
          {can('alliance_manager') && (
            <Link className="button primary" to="/partners/new">
              Register a partner
            </Link>
          )}
        </div>
      </div>

      <form className="filters" role="search" aria-label="Filter partners" onSubmit={(event) => event.preventDefault()}>
        <SearchField value={filters.q} onChange={(value) => setFilter('q', value)} />
        <Select
          label="Type"
          value={filters.type}
          placeholder="All types"
          options={options(PARTNER_TYPES)}
          onChange={(event) => setFilter('type', event.target.value)}
        />
        <DebouncedText
          label="Country"
          value={filters.country}
          onChange={(value) => setFilter('country', value.toUpperCase())}
          maxLength={2}
          size={4}
          placeholder="JP"
          autoComplete="off"
          hint={/^[A-Za-z]{2}$/.test(filters.country) ? countryName(filters.country) : 'Two letters'}
        />
        <Select
          label="Status"
          value={filters.status}
          placeholder="All statuses"
          options={options(PARTNER_STATUSES)}
          onChange={(event) => setFilter('status', event.target.value)}
        />
        <DebouncedText
          label="Technology area"
          value={filters.technologyArea}
          onChange={(value) => setFilter('technologyArea', value.trim().toLowerCase().replace(/\s+/g, '-'))}
          placeholder="quantum-cryptography"
        />
        <Select
          label="Tier"
          value={filters.tier}
          placeholder="All tiers"
          options={options(PARTNER_TIERS)}
          onChange={(event) => setFilter('tier', event.target.value)}
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
          <p>{isApiError(list.error) ? explain(list.error.problem) : 'The partners could not be loaded.'}</p>
          <button type="button" className="button" onClick={list.reload}>
            Try again
          </button>
        </div>
      )}

      <p className="count" role="status">
        {list.data
          ? filters.tier
            ? `${plural(rows.length, 'partner', 'partners')} of tier ${label(filters.tier)} on this page`
            : plural(total, 'partner', 'partners')
          : 'Loading…'}
      </p>

      <Table
        caption="Partners"
        busy={list.status === 'loading' || list.refreshing}
        rows={rows}
        rowKey={(row) => row.id}
        sort={sort}
        onSort={(next) => setParams({ sort: next === 'name' ? null : next, page: null })}
        empty={
          list.status === 'loading' ? (
            'Loading…'
          ) : anyFilter ? (
            <EmptyState title="No partners match these filters.">
              <p>Clear a filter or search for part of the name.</p>
            </EmptyState>
          ) : (
            <EmptyState title="No partners yet.">
              {can('alliance_manager') && (
                <p>
                  <Link to="/partners/new">Register the first partner</Link>.
                </p>
              )}
            </EmptyState>
          )
        }
        columns={[
          {
            key: 'name',
            header: 'Name',
            sort: 'name',
            rowHeader: true,
            cell: (row) => <Link to={`/partners/${row.id}`}>{row.name}</Link>,
          },
          { key: 'type', header: 'Type', cell: (row) => label(row.type) },
          {
            key: 'country',
            header: 'Country',
            sort: 'country',
            cell: (row) => <abbr title={countryName(row.country)}>{row.country}</abbr>,
          },
          { key: 'status', header: 'Status', cell: (row) => <Badge value={row.status} /> },
          { key: 'tier', header: 'Tier', sort: 'tier', cell: (row) => <Badge value={row.tier} kind="tier" /> },
          { key: 'areas', header: 'Technology areas', cell: (row) => <Tags values={row.technologyAreas} /> },
          { key: 'contacts', header: 'Contacts', numeric: true, cell: (row) => formatNumber(row.contactCount) },
        ]}
      />
      {filters.tier && (
        <p className="note">The tier filter applies to the page shown; the other filters search the whole directory.</p>
      )}

      <Pager page={page} pages={pages} onPage={(next) => setParams({ page: next }, { replace: false })} />
    </div>
  );
}

/** A text filter that updates the address a moment after typing stops, not on every key. */
function DebouncedText({
  value,
  onChange,
  ...props
}: { value: string; onChange: (value: string) => void; label: string } & Omit<
  React.ComponentProps<typeof TextField>,
  'value' | 'onChange'
>) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onChange(text), 300);
    return () => clearTimeout(timer);
    // onChange is recreated on every render; the text is what matters.
  }, [text]);
  return <TextField {...props} value={text} onChange={(event) => setText(event.target.value)} />;
}

function SearchField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <DebouncedText
      label="Search by name"
      type="search"
      value={value}
      onChange={onChange}
      placeholder="Name contains…"
      className="grow"
      maxLength={200}
    />
  );
}
