import type { Portfolio } from '../../api/dashboard-types';
import { FUNDING_DIRECTIONS, OUTCOME_KINDS, PARTNER_TYPES, STAGES } from '../../api/enums';
import type { ChartConfig } from '../../ui/chart';
import { formatMoney, formatNumber, formatPercent, label } from '../../ui/format';

/** Chart configurations of the portfolio, each with its summary in words (the canvas's name). */

const DIRECTIONS = FUNDING_DIRECTIONS;

export const COLORS = {
  blue: '#2563eb',
  teal: '#0d9488',
  amber: '#d97706',
  red: '#dc2626',
  purple: '#7c3aed',
  pink: '#db2777',
  green: '#16a34a',
  slate: '#64748b',
  sky: '#0284c7',
  lime: '#65a30d',
};
const PALETTE = Object.values(COLORS);
const KIND_COLORS: Record<string, string> = {
  invention_disclosure: COLORS.slate,
  patent_filed: COLORS.blue,
  patent_granted: COLORS.purple,
  publication: COLORS.teal,
  proof_of_concept: COLORS.amber,
  product_launch: COLORS.green,
  standard_contribution: COLORS.sky,
  spin_out: COLORS.pink,
};
export const DIRECTION_COLORS: Record<string, string> = {
  inbound: COLORS.teal,
  outbound: COLORS.blue,
  in_kind: COLORS.amber,
};

export interface Drawn {
  config: ChartConfig;
  summary: string;
  empty: boolean;
}

const sum = (values: number[]) => values.reduce((total, value) => total + (Number(value) || 0), 0);
const describe = (title: string, labels: string[], values: number[]) =>
  `${title}: ${labels.map((name, i) => `${name} ${formatNumber(values[i])}`).join(', ')}`;
const countTicks = { precision: 0 };

export function simpleBar(
  title: string,
  rows: { count: number }[],
  name: (row: never) => string,
  { horizontal = false, color = COLORS.blue } = {},
): Drawn {
  const labels = rows.map((row) => label(name(row as never)));
  const values = rows.map((row) => row.count);
  const valueAxis = { beginAtZero: true, ticks: countTicks };
  return {
    config: {
      type: 'bar',
      data: { labels, datasets: [{ label: title, data: values, backgroundColor: color, borderRadius: 4 }] },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        plugins: { legend: { display: false } },
        scales: horizontal
          ? { x: valueAxis, y: { grid: { display: false } } }
          : { y: valueAxis, x: { grid: { display: false } } },
      },
    },
    summary: describe(title, labels, values),
    empty: sum(values) === 0,
  };
}

export function funnel(projects: Portfolio['projects']): Drawn {
  const rows = STAGES.map(
    (stage) => projects.funnel.find((row) => row.stage === stage) ?? { stage, projects: 0, onHold: 0 },
  );
  const conversion = new Map(projects.conversion.map((row) => [row.stage, row]));
  const labels = rows.map((row) => {
    const gate = conversion.get(row.stage);
    const rate = gate?.decided
      ? `${formatPercent(gate.rate)} passed gate (${gate.advanced}/${gate.decided})`
      : 'no gate decisions';
    return [label(row.stage), rate];
  });
  return {
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            label: 'Active',
            data: rows.map((row) => row.projects - row.onHold),
            backgroundColor: COLORS.blue,
            borderRadius: 4,
          },
          { label: 'On hold', data: rows.map((row) => row.onHold), backgroundColor: COLORS.amber, borderRadius: 4 },
        ],
      },
      options: {
        scales: {
          x: { stacked: true, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, ticks: countTicks },
        },
      },
    },
    summary: describe(
      'Projects per stage',
      rows.map((row) => label(row.stage)),
      rows.map((row) => row.projects),
    ),
    empty: sum(rows.map((row) => row.projects)) === 0,
  };
}

export function urgencyOf(daysLeft: number): 'urgent' | 'soon' | 'later' {
  if (daysLeft <= 30) return 'urgent';
  return daysLeft <= 60 ? 'soon' : 'later';
}
const URGENCY_COLORS = { urgent: COLORS.red, soon: COLORS.amber, later: COLORS.blue };

export function expiry(items: Portfolio['agreements']['expiring']['items']): Drawn & { height: number } {
  const sorted = [...items].sort((a, b) => a.daysLeft - b.daysLeft);
  return {
    height: Math.max(200, sorted.length * 28 + 60),
    config: {
      type: 'bar',
      data: {
        labels: sorted.map((item) => (item.title.length > 34 ? `${item.title.slice(0, 33)}…` : item.title)),
        datasets: [
          {
            label: 'Days left',
            data: sorted.map((item) => item.daysLeft),
            backgroundColor: sorted.map((item) => URGENCY_COLORS[urgencyOf(item.daysLeft)]),
            borderRadius: 4,
            minBarLength: 4,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        plugins: { legend: { display: false } },
        scales: {
          x: { min: 0, max: 90, title: { display: true, text: 'Days left' }, ticks: { stepSize: 30 } },
          y: { grid: { display: false } },
        },
      },
    },
    summary: `Agreements expiring within 90 days: ${sorted.map((item) => `${item.title} in ${item.daysLeft} days`).join(', ')}`,
    empty: sorted.length === 0,
  };
}

export function partnerTypes(byType: Portfolio['partners']['byType']): Drawn {
  const labels = byType.map((row) => label(row.type));
  const values = byType.map((row) => row.count);
  return {
    config: {
      type: 'doughnut',
      data: { labels, datasets: [{ data: values, backgroundColor: PALETTE, borderWidth: 2, borderColor: '#fff' }] },
      options: { cutout: '55%', plugins: { legend: { position: 'right' } } },
    },
    summary: describe('Partners by type', labels, values),
    empty: sum(values) === 0,
  };
}

export function outcomes(byYear: Portfolio['outcomes']['byYear']): Drawn {
  const years = [...new Set(byYear.map((row) => row.year))].sort((a, b) => a - b);
  const present = new Set(byYear.map((row) => row.kind));
  const kinds = [
    ...OUTCOME_KINDS.filter((kind) => present.has(kind)),
    ...[...present].filter((k) => !(OUTCOME_KINDS as readonly string[]).includes(k)).sort(),
  ];
  const countOf = (year: number, kind: string) =>
    byYear.find((row) => row.year === year && row.kind === kind)?.count ?? 0;
  return {
    config: {
      type: 'bar',
      data: {
        labels: years.map(String),
        datasets: kinds.map((kind, i) => ({
          label: label(kind),
          data: years.map((year) => countOf(year, kind)),
          backgroundColor: KIND_COLORS[kind] ?? PALETTE[i % PALETTE.length],
        })),
      },
      options: {
        scales: {
          x: { stacked: true, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, ticks: countTicks },
        },
      },
    },
    summary: describe(
      'Outcomes per year',
      years.map(String),
      years.map((year) => sum(byYear.filter((row) => row.year === year).map((row) => row.count))),
    ),
    empty: byYear.length === 0,
  };
}

/** Currencies by how many rows use them: amounts in different currencies cannot share an axis. */
export function currenciesOf(rows: Portfolio['funding']['byPartnerType']): string[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.currency, (totals.get(row.currency) ?? 0) + 1);
  return [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([currency]) => currency);
}

export function funding(all: Portfolio['funding']['byPartnerType'], currency: string): Drawn {
  const rows = all.filter((row) => row.currency === currency);
  const known = PARTNER_TYPES.filter((type) => rows.some((row) => row.partnerType === type));
  const types = [
    ...known,
    ...[...new Set(rows.map((row) => row.partnerType))].filter((type) => !(known as readonly string[]).includes(type)),
  ];
  const amountOf = (type: string, direction: string) =>
    sum(rows.filter((row) => row.partnerType === type && row.direction === direction).map((row) => row.amount));
  const directions = DIRECTIONS.filter((direction) => rows.some((row) => row.direction === direction));
  return {
    config: {
      type: 'bar',
      data: {
        labels: types.map(label),
        datasets: directions.map((direction) => ({
          label: label(direction),
          data: types.map((type) => amountOf(type, direction)),
          backgroundColor: DIRECTION_COLORS[direction],
          borderRadius: 4,
        })),
      },
      options: {
        scales: {
          x: { grid: { display: false } },
          y: { beginAtZero: true, ticks: { callback: (value) => formatMoney(Number(value), currency, true) } },
        },
      },
    },
    summary: `Funding in ${currency} by partner type: ${types
      .map((type) => `${label(type)} ${formatMoney(sum(directions.map((d) => amountOf(type, d))), currency)}`)
      .join(', ')}`,
    empty: rows.length === 0,
  };
}

export { DIRECTIONS, sum };
