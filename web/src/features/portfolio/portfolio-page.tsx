import { useMemo, useState } from 'react';
import type { Portfolio } from '../../api/dashboard-types';
import { explain, isApiError } from '../../api/problems';
import { invalidate, useResource } from '../../api/resource';
import { Link, usePageTitle } from '../../app/router';
import { useLiveChanges } from '../../live';
import { Badge } from '../../ui/badge';
import { ChartCanvas } from '../../ui/chart';
import { formatDay, formatMoney, formatNumber, label, plural } from '../../ui/format';
import { Table } from '../../ui/table';
import { PORTFOLIO_KEY, fetchPortfolio } from './api';
import * as charts from './charts';
import { NeedsMe } from './needs-me';

/** The home page: what needs me, then today's figures, charts and lists; live on every change. */
export function PortfolioPage() {
  const heading = usePageTitle('Portfolio');
  const portfolio = useResource(PORTFOLIO_KEY, fetchPortfolio);
  useLiveChanges([{}], () => invalidate('dashboard:'));
  const data = portfolio.data;

  return (
    <div className="page">
      <div className="page-head">
        <h1 ref={heading} tabIndex={-1}>
          Portfolio
        </h1>
        {data && (
          <p className="muted updated">
            Updated <time dateTime={data.generatedAt}>{new Date(data.generatedAt).toLocaleTimeString()}</time>
          </p>
        )}
      </div>
      {portfolio.status === 'error' && (
        <div className="banner" role="alert">
          <p>{isApiError(portfolio.error) ? explain(portfolio.error.problem) : 'The portfolio could not be loaded.'}</p>
          <button type="button" className="button" onClick={portfolio.reload}>
            Try again
          </button>
        </div>
      )}
      <NeedsMe portfolio={data} />
      {!data && portfolio.status === 'loading' && <p className="loading">Loading the portfolio…</p>}
      {data && <Figures portfolio={data} />}
      {data && <Sections portfolio={data} />}
    </div>
  );
}

function Figure({
  title,
  value,
  note,
  to,
  tone,
}: {
  title: string;
  value: number;
  note?: string;
  to?: string;
  tone?: string;
}) {
  const figure = <span className={['kpi-value', tone ?? ''].join(' ').trim()}>{formatNumber(value)}</span>;
  return (
    <div className="kpi">
      <h3>{title}</h3>
      {to ? (
        <Link to={to} aria-label={`${title}: ${formatNumber(value)}`}>
          {figure}
        </Link>
      ) : (
        figure
      )}
      {note && <p className="kpi-note">{note}</p>}
    </div>
  );
}

function Figures({ portfolio }: { portfolio: Portfolio }) {
  const { partners, agreements, projects, outcomes } = portfolio;
  const active = charts.sum(agreements.activeByType.map((row) => row.count));
  const oldest = Math.max(0, ...agreements.overdueObligations.map((row) => row.daysOverdue));
  const countKind = (kind: string) =>
    charts.sum(outcomes.byYear.filter((row) => row.kind === kind).map((row) => row.count));
  return (
    <section className="kpis" aria-label="Key figures">
      <Figure
        title="Partners"
        value={partners.total}
        to="/partners"
        note={partners.byStatus
          .map((row) => `${formatNumber(row.count)} ${label(row.status).toLowerCase()}`)
          .join(' · ')}
      />
      <Figure
        title="Active agreements"
        value={active}
        to="/agreements?status=active"
        note={`of ${plural(agreements.total, 'agreement', 'agreements')}`}
      />
      <Figure
        title="Expiring within 30 days"
        value={agreements.expiring.within30}
        tone="urgent"
        note={`${formatNumber(agreements.expiring.within60)} within 60 · ${formatNumber(agreements.expiring.within90)} within 90`}
      />
      <Figure
        title="Overdue obligations"
        value={agreements.overdueObligations.length}
        tone={agreements.overdueObligations.length > 0 ? 'urgent' : undefined}
        note={agreements.overdueObligations.length ? `oldest ${plural(oldest, 'day', 'days')} late` : 'all on time'}
      />
      <Figure
        title="Projects in the pipeline"
        value={charts.sum(projects.funnel.map((row) => row.projects))}
        to="/projects"
        note={`${formatNumber(charts.sum(projects.funnel.map((row) => row.onHold)))} on hold`}
      />
      <Figure
        title="IP outcomes"
        value={countKind('patent_filed') + countKind('patent_granted')}
        note={`${formatNumber(countKind('patent_filed'))} patents filed · ${formatNumber(countKind('patent_granted'))} granted`}
      />
    </section>
  );
}

function Card({
  title,
  id,
  wide,
  children,
}: {
  title: string;
  id?: string;
  wide?: boolean;
  children: React.ReactNode;
}) {
  return (
    <section className={wide ? 'card wide' : 'card'} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

function Sections({ portfolio }: { portfolio: Portfolio }) {
  const { partners, agreements, projects, outcomes, funding } = portfolio;
  const drawn = useMemo(
    () => ({
      funnel: charts.funnel(projects),
      expiry: charts.expiry(agreements.expiring.items),
      agreementTypes: charts.simpleBar(
        'Active agreements',
        agreements.activeByType,
        (row: { type: string }) => row.type,
        {
          horizontal: true,
          color: charts.COLORS.teal,
        },
      ),
      regions: charts.simpleBar('Partners', partners.byRegion, (row: { region: string }) => row.region),
      partnerTypes: charts.partnerTypes(partners.byType),
      areas: charts.simpleBar('Partners', partners.byTechnologyArea, (row: { area: string }) => row.area, {
        horizontal: true,
        color: charts.COLORS.purple,
      }),
      outcomes: charts.outcomes(outcomes.byYear),
    }),
    [portfolio],
  );
  const closed = Object.entries(projects.closed ?? {})
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${formatNumber(count)} ${label(status).toLowerCase()}`);

  return (
    <>
      <section className="group" aria-labelledby="pipeline-title">
        <h2 id="pipeline-title">Project pipeline</h2>
        <div className="grid">
          <Card title="Projects per stage and gate conversion" id="funnel-title">
            <ChartCanvas {...drawn.funnel} emptyText="No projects in the pipeline." />
            <p className="note">
              {closed.length ? `Closed so far: ${closed.join(' · ')}.` : 'No projects closed yet.'}
            </p>
          </Card>
          <Card title="Recent gate decisions" id="decisions-title">
            {projects.recentDecisions.length === 0 ? (
              <p className="empty">No gate decisions recorded yet.</p>
            ) : (
              <ol className="decisions">
                {projects.recentDecisions.map((decision) => (
                  <li key={`${decision.projectId}-${decision.gate}-${decision.decidedOn}`}>
                    <Badge value={decision.decision} kind="decision" />
                    <span className="decision-title">{decision.title}</span>
                    <span className="muted">{decision.gate.split('→').map(label).join(' → ')}</span>
                    <span className="muted date">{formatDay(decision.decidedOn)}</span>
                  </li>
                ))}
              </ol>
            )}
          </Card>
        </div>
      </section>

      <section className="group" aria-labelledby="agreements-title">
        <h2 id="agreements-title">Agreements</h2>
        <div className="grid">
          <Card title="Expiry timeline (next 90 days)" id="expiry-chart-title">
            <ChartCanvas {...drawn.expiry} emptyText="No agreements expire in the next 90 days." />
            <ul className="legend" aria-label="Colour key">
              <li>
                <span className="swatch urgent" />≤ 30 days
              </li>
              <li>
                <span className="swatch soon" />
                31–60 days
              </li>
              <li>
                <span className="swatch later" />
                61–90 days
              </li>
            </ul>
          </Card>
          <Card title="Expiring agreements" id="expiring-title">
            <Table
              caption="Expiring agreements"
              rows={[...agreements.expiring.items].sort((a, b) => a.daysLeft - b.daysLeft)}
              rowKey={(row) => row.id}
              empty="No agreements expire in the next 90 days."
              columns={[
                { key: 'title', header: 'Agreement', cell: (row) => row.title, rowHeader: true },
                { key: 'type', header: 'Type', cell: (row) => label(row.type) },
                { key: 'expires', header: 'Expires', cell: (row) => formatDay(row.expiryDate) },
                {
                  key: 'days',
                  header: 'Days left',
                  numeric: true,
                  cell: (row) => (
                    <span className={`days ${charts.urgencyOf(row.daysLeft)}`}>{formatNumber(row.daysLeft)}</span>
                  ),
                },
              ]}
            />
          </Card>
          <Card title="Overdue obligations" id="overdue-title">
            <Table
              caption="Overdue obligations"
              rows={[...agreements.overdueObligations].sort((a, b) => b.daysOverdue - a.daysOverdue)}
              rowKey={(row) => row.id}
              empty="No overdue obligations."
              columns={[
                { key: 'agreement', header: 'Agreement', cell: (row) => row.agreementTitle, rowHeader: true },
                {
                  key: 'obligation',
                  header: 'Obligation',
                  cell: (row) => (
                    <>
                      <strong>{label(row.kind)}</strong>
                      {row.description ? ` — ${row.description}` : ''}
                    </>
                  ),
                },
                { key: 'due', header: 'Due', cell: (row) => formatDay(row.dueDate) },
                {
                  key: 'late',
                  header: 'Days overdue',
                  numeric: true,
                  cell: (row) => <span className="days urgent">{formatNumber(row.daysOverdue)}</span>,
                },
              ]}
            />
          </Card>
          <Card title="Active agreements by type" id="active-types-title">
            <ChartCanvas {...drawn.agreementTypes} emptyText="No active agreements." />
          </Card>
        </div>
      </section>

      <section className="group" aria-labelledby="partners-title">
        <h2 id="partners-title">Partners</h2>
        <div className="grid grid-3">
          <Card title="By region" id="regions-title">
            <ChartCanvas {...drawn.regions} emptyText="No partners yet." />
          </Card>
          <Card title="By type" id="partner-types-title">
            <ChartCanvas {...drawn.partnerTypes} emptyText="No partners yet." />
          </Card>
          <Card title="Top technology areas" id="areas-title">
            <ChartCanvas {...drawn.areas} emptyText="No technology areas tagged yet." />
          </Card>
        </div>
      </section>

      <section className="group" aria-labelledby="outcomes-title">
        <h2 id="outcomes-title">Outcomes and funding</h2>
        <div className="grid">
          <Card title="Outcomes per year" id="outcomes-year-title">
            <ChartCanvas {...drawn.outcomes} emptyText="No outcomes recorded yet." />
          </Card>
          <Card title="Outcomes per partner" id="outcomes-partner-title">
            <OutcomesByPartner rows={outcomes.byPartner} />
          </Card>
          <Funding rows={funding.byPartnerType} />
        </div>
      </section>
    </>
  );
}

function OutcomesByPartner({ rows }: { rows: Portfolio['outcomes']['byPartner'] }) {
  const byPartner = new Map<string, { id: string; name: string; kinds: Record<string, number>; total: number }>();
  for (const row of rows) {
    const entry = byPartner.get(row.partnerId) ?? { id: row.partnerId, name: row.partnerName, kinds: {}, total: 0 };
    entry.kinds[row.kind] = (entry.kinds[row.kind] ?? 0) + row.count;
    entry.total += row.count;
    byPartner.set(row.partnerId, entry);
  }
  const partners = [...byPartner.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const named = ['patent_filed', 'patent_granted', 'publication'];
  const count = (kind: string) => (entry: { kinds: Record<string, number> }) => formatNumber(entry.kinds[kind] ?? 0);
  return (
    <Table
      caption="Outcomes per partner"
      rows={partners}
      rowKey={(entry) => entry.id}
      empty="No outcomes recorded yet."
      columns={[
        {
          key: 'partner',
          header: 'Partner',
          rowHeader: true,
          cell: (entry) => <Link to={`/partners/${entry.id}`}>{entry.name}</Link>,
        },
        { key: 'filed', header: 'Patents filed', numeric: true, cell: count('patent_filed') },
        { key: 'granted', header: 'Patents granted', numeric: true, cell: count('patent_granted') },
        { key: 'publications', header: 'Publications', numeric: true, cell: count('publication') },
        {
          key: 'other',
          header: 'Other',
          numeric: true,
          cell: (entry) => formatNumber(entry.total - charts.sum(named.map((kind) => entry.kinds[kind] ?? 0))),
        },
        { key: 'total', header: 'Total', numeric: true, cell: (entry) => <strong>{formatNumber(entry.total)}</strong> },
      ]}
    />
  );
}

function Funding({ rows }: { rows: Portfolio['funding']['byPartnerType'] }) {
  const currencies = charts.currenciesOf(rows);
  const [chosen, setChosen] = useState<string | null>(null);
  const currency = chosen && currencies.includes(chosen) ? chosen : (currencies[0] ?? '');
  const drawn = useMemo(() => charts.funding(rows, currency), [rows, currency]);
  return (
    <section className="card wide" aria-labelledby="funding-title">
      <div className="card-head">
        <h3 id="funding-title">Funding committed by partner type</h3>
        {currencies.length > 1 && (
          <label className="inline-field">
            Currency{' '}
            <select value={currency} onChange={(event) => setChosen(event.target.value)}>
              {currencies.map((code) => (
                <option key={code}>{code}</option>
              ))}
            </select>
          </label>
        )}
      </div>
      <p className="note">Signed and active agreements; a multi-party agreement's amount is shared equally.</p>
      <ChartCanvas {...drawn} emptyText="No funding committed yet." />
      <ul className="totals">
        {currencies.flatMap((code) =>
          charts.DIRECTIONS.map((direction) => {
            const matching = rows.filter((row) => row.currency === code && row.direction === direction);
            if (!matching.length) return null;
            return (
              <li key={`${code}-${direction}`}>
                <span className="swatch" style={{ background: charts.DIRECTION_COLORS[direction] }} />
                {label(direction)}: <strong>{formatMoney(charts.sum(matching.map((row) => row.amount)), code)}</strong>
              </li>
            );
          }),
        )}
      </ul>
    </section>
  );
}
