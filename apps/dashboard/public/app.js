'use strict';

/*
 * Accord dashboard: plain browser JavaScript, no build step. It reads the dashboard server's JSON
 * API, draws Chart.js charts and tables, routes `#/partners/<id>` to a partner's 360° page, and
 * re-renders whatever is shown when the server reports a change over Server-Sent Events. Every
 * call carries the user's bearer token; without one that works, the page asks for one.
 */

const STAGES = ['generate', 'ideate', 'develop', 'launch'];
const OUTCOME_KINDS = [
  'invention_disclosure',
  'patent_filed',
  'patent_granted',
  'publication',
  'proof_of_concept',
  'product_launch',
  'standard_contribution',
  'spin_out',
];
const FUNDING_DIRECTIONS = ['inbound', 'outbound', 'in_kind'];
const IP_KINDS = ['patent_filed', 'patent_granted'];

/** The options of the filter selects: the enum values of the domain. */
const OPTIONS = {
  partnerTypes: [
    'university',
    'research_institute',
    'startup',
    'venture_capital',
    'corporate',
    'government',
    'consortium',
    'nonprofit',
  ],
  partnerStatuses: ['prospect', 'active', 'dormant', 'archived'],
  agreementTypes: [
    'nda',
    'mou',
    'joint_research',
    'comprehensive_alliance',
    'co_development',
    'license',
    'consortium_membership',
    'investment',
    'scholarship_internship',
    'testbed',
  ],
  agreementStatuses: [
    'draft',
    'in_negotiation',
    'in_review',
    'approved',
    'signed',
    'active',
    'expired',
    'terminated',
    'superseded',
  ],
  stages: STAGES,
  projectStatuses: ['active', 'on_hold', 'completed', 'killed', 'spun_out'],
};

/** Labels that a mechanical "snake_case → Sentence case" would get wrong. */
const LABELS = {
  nda: 'NDA',
  mou: 'MOU',
  ai: 'AI',
  co_development: 'Co-development',
  scholarship_internship: 'Scholarship / internship',
  in_kind: 'In kind',
  spun_out: 'Spun out',
  go: 'GO',
  kill: 'KILL',
  hold: 'HOLD',
  recycle: 'RECYCLE',
};

const COLORS = {
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
const KIND_COLORS = {
  invention_disclosure: COLORS.slate,
  patent_filed: COLORS.blue,
  patent_granted: COLORS.purple,
  publication: COLORS.teal,
  proof_of_concept: COLORS.amber,
  product_launch: COLORS.green,
  standard_contribution: COLORS.sky,
  spin_out: COLORS.pink,
};
const DIRECTION_COLORS = { inbound: COLORS.teal, outbound: COLORS.blue, in_kind: COLORS.amber };

const REFRESH_DEBOUNCE_MS = 300;
const FILTER_DEBOUNCE_MS = 250;
const RECONNECT_MS = 5000;

// ---------------------------------------------------------------------------------------------
// Formatting

const numberFormat = new Intl.NumberFormat();
const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const instantFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const relativeDays = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const moneyFormats = new Map();

function formatNumber(value) {
  return value == null || Number.isNaN(Number(value)) ? '—' : numberFormat.format(Number(value));
}

function formatPercent(rate) {
  return rate == null ? '—' : percentFormat.format(rate);
}

function formatMoney(amount, currency, { compact = false } = {}) {
  if (amount == null) return '—';
  if (!currency) return formatNumber(amount);
  const key = `${currency}|${compact}`;
  if (!moneyFormats.has(key)) {
    try {
      const options = { style: 'currency', currency, ...(compact && { notation: 'compact' }) };
      moneyFormats.set(key, new Intl.NumberFormat(undefined, options));
    } catch {
      moneyFormats.set(key, null); // not an ISO 4217 code Intl knows
    }
  }
  const format = moneyFormats.get(key);
  return format ? format.format(amount) : `${formatNumber(amount)} ${currency}`;
}

/** `YYYY-MM-DD` as a local date: `new Date('2025-03-01')` would be UTC midnight, the day before in the Americas. */
function parseDay(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : new Date(iso);
}

function timeElement(iso) {
  if (!iso) return '—';
  const date = parseDay(iso);
  return Number.isNaN(date.getTime()) ? iso : h('time', { datetime: iso }, dateFormat.format(date));
}

/** A moment (ISO 8601 with a time), in the reader's time zone. */
function instantElement(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : h('time', { datetime: iso }, instantFormat.format(date));
}

function label(value) {
  if (value == null || value === '') return '—';
  const text = String(value);
  return LABELS[text] ?? text.charAt(0).toUpperCase() + text.slice(1).replace(/_/g, ' ');
}

/** "generate→ideate" → "Generate → Ideate". */
function gateLabel(gate) {
  return String(gate ?? '')
    .split('→')
    .map(label)
    .join(' → ');
}

function plural(count, one, many) {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

function sum(values) {
  return values.reduce((total, value) => total + (Number(value) || 0), 0);
}

function truncate(text, length) {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

// ---------------------------------------------------------------------------------------------
// DOM helpers

function $(id) {
  return document.getElementById(id);
}

/** Builds an element; text is always set as text, never as HTML, since partner data is user input. */
function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  element.append(...children.flat().filter((child) => child != null && child !== false));
  return element;
}

function badge(value, kind = 'status') {
  return h('span', { class: `badge ${kind}-${value}` }, label(value));
}

function tags(values) {
  if (!values?.length) return '—';
  return h('ul', { class: 'tags' }, ...values.map((value) => h('li', {}, value)));
}

function partnerLink(id, name) {
  return h('a', { href: `#/partners/${encodeURIComponent(id)}` }, name ?? id);
}

/** Fills a tbody with one row per item, or one row saying there is nothing. */
function renderRows(tbody, items, columns, emptyText) {
  const rows = items.length
    ? items.map((item) =>
        h('tr', {}, ...columns.map((column) => h('td', { class: column.class }, column.cell(item) ?? '—'))),
      )
    : [h('tr', {}, h('td', { class: 'empty', colspan: columns.length }, emptyText))];
  tbody.replaceChildren(...rows);
}

function setText(id, text) {
  $(id).textContent = text;
}

/** Only the number goes in the element's text (tests read it); the raw value goes in data-value. */
function setKpi(id, value) {
  const element = $(id);
  element.textContent = formatNumber(value);
  element.dataset.value = String(value);
}

// ---------------------------------------------------------------------------------------------
// Signing in: a bearer token, kept in sessionStorage (this tab only, gone when it closes). It
// arrives in the address's fragment (`#token=...`, never sent to a server, unlike a query), or is
// pasted into the sign-in panel.

const TOKEN_KEY = 'accord.token';
const NO_TOKEN = 'Sign in with an access token to see the portfolio.';
const auth = { token: null, signedIn: false };

function loadToken() {
  try {
    auth.token = sessionStorage.getItem(TOKEN_KEY);
  } catch {
    auth.token = null; // storage disabled: the token lives as long as the page
  }
}

function storeToken(token) {
  auth.token = token;
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: kept in memory only
  }
}

/** Moves `#token=...` into storage and out of the address bar, history and anything copied from it. */
function takeTokenFromFragment() {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (!token) return false;
  storeToken(token.trim());
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return true;
}

/** Who the token says the user is, for the header only: the server verifies the token, not this. */
function tokenUser(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0))));
    const roles = Array.isArray(claims.roles) ? claims.roles.map(label).join(', ') : '';
    return [claims.sub, roles].filter(Boolean).join(' · ');
  } catch {
    return '';
  }
}

/** Replaces the views with the sign-in panel, saying why; several refused calls show it once. */
function showSignIn(detail) {
  const opening = $('sign-in').hidden;
  auth.signedIn = false;
  closeEvents();
  for (const key of [...errors.keys()]) setError(key, null);
  setText('sign-in-problem', detail);
  $('sign-in').hidden = false;
  $('view-dashboard').hidden = true;
  $('view-partner').hidden = true;
  $('account').hidden = true;
  $('updated').hidden = true;
  setLive('signed-out');
  document.title = 'Sign in · Accord';
  document.body.dataset.auth = 'signed-out';
  if (opening) {
    $('sign-in-token').value = '';
    $('sign-in-token').focus();
  }
}

/** Shows the signed-in page for the stored token; the first call it makes tells whether it works. */
function enterWithToken() {
  auth.signedIn = true;
  $('sign-in').hidden = true;
  $('account').hidden = false;
  $('updated').hidden = false;
  setText('signed-in-as', tokenUser(auth.token));
  document.body.dataset.auth = 'signed-in';
  showView(currentRoute());
  connectEvents();
}

async function signIn(event) {
  event.preventDefault();
  const token = $('sign-in-token').value.trim();
  if (!token) return;
  storeToken(token);
  $('sign-in-token').value = '';
  enterWithToken();
  await refreshNow({ live: false });
  if (!auth.signedIn) return; // refused: the panel is back, with the reason
  if (currentRoute().name === 'partner') $('partner-name').focus();
  else $('dashboard-title').focus();
}

function signOut(event) {
  event.preventDefault();
  storeToken(null);
  showSignIn('You have signed out. Paste a token to sign in again.');
}

// ---------------------------------------------------------------------------------------------
// API

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

function withQuery(path, params) {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/**
 * fetch with the user's token. A 401 means the token is missing, expired or not accepted here:
 * the page then asks for another one, showing the server's reason.
 */
async function apiFetch(path, accept, signal) {
  const token = auth.token;
  if (!token) {
    showSignIn(NO_TOKEN);
    throw new ApiError(`${path}: ${NO_TOKEN}`, 401);
  }
  let response;
  try {
    response = await fetch(path, { headers: { Accept: accept, Authorization: `Bearer ${token}` }, signal });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(`${path}: the dashboard server cannot be reached`, 0);
  }
  if (response.status === 401) {
    const problem = await problemOf(response);
    // Only for the token that was refused: a new sign-in must not be undone by an older answer.
    if (auth.token === token) {
      storeToken(null);
      showSignIn(problem.detail ?? 'The access token was refused.');
    }
    throw new ApiError(`${path}: ${problemLine(problem, response)}`, 401);
  }
  if (!response.ok) throw new ApiError(`${path}: ${problemLine(await problemOf(response), response)}`, response.status);
  return response;
}

async function getJson(path, signal) {
  return (await apiFetch(path, 'application/json', signal)).json();
}

/** The server answers errors with RFC 7807 problem details; fall back to the status line. */
async function problemOf(response) {
  try {
    const problem = await response.json();
    return problem && typeof problem === 'object' ? problem : {};
  } catch {
    return {};
  }
}

function problemLine(problem, response) {
  return (
    [problem.title, problem.detail].filter(Boolean).join(': ') || `${response.status} ${response.statusText}`.trim()
  );
}

/**
 * A CSV link cannot send a header, so the download goes through fetch (with the token) and is
 * saved from memory; the link's own address stays as it is, for copying.
 */
async function downloadCsv(event) {
  event.preventDefault();
  const link = event.currentTarget;
  const path = link.getAttribute('href');
  try {
    const blob = await (await apiFetch(path, 'text/csv')).blob();
    const url = URL.createObjectURL(blob);
    const save = h('a', { href: url, download: link.getAttribute('download'), hidden: true });
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setError('download', null);
  } catch (error) {
    setError('download', error);
  }
}

function isAbort(error) {
  return error?.name === 'AbortError';
}

// ---------------------------------------------------------------------------------------------
// Error banner: one message per failing part, so one failure never blanks the rest of the page.

const errors = new Map();

function setError(key, error) {
  // A refused token is the sign-in panel's to explain, not one more line in the banner.
  if (error?.status === 401) error = null;
  if (error) errors.set(key, error.message ?? String(error));
  else if (errors.has(key)) errors.delete(key);
  else return;
  const banner = $('error-banner');
  banner.hidden = errors.size === 0;
  $('error-list').replaceChildren(...[...errors.values()].map((message) => h('li', {}, message)));
}

// ---------------------------------------------------------------------------------------------
// Charts

const charts = new Map();

function setupChartDefaults() {
  if (!window.Chart) return;
  const { defaults } = window.Chart;
  defaults.font.family = getComputedStyle(document.body).fontFamily;
  defaults.color = '#475569';
  defaults.borderColor = '#e2e8f0';
  defaults.maintainAspectRatio = false;
  defaults.plugins.legend.labels.boxWidth = 12;
  if (matchMedia('(prefers-reduced-motion: reduce)').matches) defaults.animation = false;
}

/**
 * Draws a chart into its canvas, updating the existing Chart in place when the type is unchanged so
 * that live refreshes neither leak Chart instances nor flash the canvas.
 */
function drawChart(id, config, { empty = false, summary = '' } = {}) {
  const canvas = $(id);
  const emptyNote = canvas.parentElement.querySelector('.empty');
  const existing = charts.get(id);
  if (!window.Chart || empty) {
    existing?.destroy();
    charts.delete(id);
    canvas.hidden = true;
    emptyNote.hidden = false;
    if (!window.Chart) emptyNote.textContent = 'Charts are unavailable: /assets/chart.js did not load.';
    return;
  }
  canvas.hidden = false;
  emptyNote.hidden = true;
  canvas.setAttribute('aria-label', summary);
  if (existing && existing.config.type === config.type) {
    existing.data = config.data;
    existing.options = config.options;
    existing.update();
    return;
  }
  existing?.destroy();
  charts.set(id, new window.Chart(canvas, config));
}

function describe(title, labels, values) {
  return `${title}: ${labels.map((name, i) => `${name} ${formatNumber(values[i])}`).join(', ')}`;
}

function countTicks() {
  return { precision: 0, callback: (value) => formatNumber(value) };
}

function simpleBar(id, title, rows, key, { horizontal = false, color = COLORS.blue, emptyWhenZero = true } = {}) {
  const labels = rows.map((row) => label(row[key]));
  const values = rows.map((row) => row.count);
  const valueAxis = { beginAtZero: true, ticks: countTicks() };
  drawChart(
    id,
    {
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
    { empty: emptyWhenZero && sum(values) === 0, summary: describe(title, labels, values) },
  );
}

function drawFunnel(projects) {
  const funnel = STAGES.map(
    (stage) => projects.funnel.find((row) => row.stage === stage) ?? { stage, projects: 0, onHold: 0 },
  );
  const conversion = new Map(projects.conversion.map((row) => [row.stage, row]));
  // A multi-line label: Chart.js draws an array as one line per entry.
  const labels = funnel.map((row) => {
    const gate = conversion.get(row.stage);
    const rate = gate?.decided
      ? `${formatPercent(gate.rate)} passed gate (${gate.advanced}/${gate.decided})`
      : 'no gate decisions';
    return [label(row.stage), rate];
  });
  const active = funnel.map((row) => row.projects - row.onHold);
  const onHold = funnel.map((row) => row.onHold);
  drawChart(
    'chart-funnel',
    {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: 'Active', data: active, backgroundColor: COLORS.blue, borderRadius: 4 },
          { label: 'On hold', data: onHold, backgroundColor: COLORS.amber, borderRadius: 4 },
        ],
      },
      options: {
        scales: {
          x: { stacked: true, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, ticks: countTicks() },
        },
      },
    },
    {
      empty: sum(funnel.map((row) => row.projects)) === 0,
      summary: describe(
        'Projects per stage',
        funnel.map((row) => label(row.stage)),
        funnel.map((row) => row.projects),
      ),
    },
  );
}

function urgencyOf(daysLeft) {
  if (daysLeft <= 30) return 'urgent';
  return daysLeft <= 60 ? 'soon' : 'later';
}

const URGENCY_COLORS = { urgent: COLORS.red, soon: COLORS.amber, later: COLORS.blue };

function drawExpiry(items) {
  const sorted = [...items].sort((a, b) => a.daysLeft - b.daysLeft);
  // Give each agreement a readable row: the chart grows with the list instead of squashing it.
  $('chart-expiry-box').style.height = `${Math.max(200, sorted.length * 28 + 60)}px`;
  drawChart(
    'chart-expiry',
    {
      type: 'bar',
      data: {
        labels: sorted.map((item) => item.title),
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
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (context) => {
                const item = sorted[context.dataIndex];
                const stand = item.renewalStand ? `; renewal: ${label(item.renewalStand)}` : '';
                return `${label(item.type)}, expires ${dateFormat.format(parseDay(item.expiryDate))} (${relativeDays.format(item.daysLeft, 'day')})${stand}`;
              },
            },
          },
        },
        scales: {
          x: { min: 0, max: 90, title: { display: true, text: 'Days left' }, ticks: { stepSize: 30 } },
          y: {
            grid: { display: false },
            ticks: {
              callback(value) {
                return truncate(this.getLabelForValue(value), 34);
              },
            },
          },
        },
      },
    },
    {
      empty: sorted.length === 0,
      summary: `Agreements expiring within 90 days: ${sorted.map((item) => `${item.title} in ${item.daysLeft} days`).join(', ')}`,
    },
  );
}

function drawPartnerTypes(byType) {
  const labels = byType.map((row) => label(row.type));
  const values = byType.map((row) => row.count);
  drawChart(
    'chart-partners-type',
    {
      type: 'doughnut',
      data: { labels, datasets: [{ data: values, backgroundColor: PALETTE, borderWidth: 2, borderColor: '#fff' }] },
      options: { cutout: '55%', plugins: { legend: { position: 'right' } } },
    },
    { empty: sum(values) === 0, summary: describe('Partners by type', labels, values) },
  );
}

function orderedKinds(kinds) {
  const known = OUTCOME_KINDS.filter((kind) => kinds.has(kind));
  return [...known, ...[...kinds].filter((kind) => !OUTCOME_KINDS.includes(kind)).sort()];
}

function drawOutcomes(byYear) {
  const years = [...new Set(byYear.map((row) => row.year))].sort((a, b) => a - b);
  const kinds = orderedKinds(new Set(byYear.map((row) => row.kind)));
  const countOf = (year, kind) => byYear.find((row) => row.year === year && row.kind === kind)?.count ?? 0;
  const datasets = kinds.map((kind, i) => ({
    label: label(kind),
    data: years.map((year) => countOf(year, kind)),
    backgroundColor: KIND_COLORS[kind] ?? PALETTE[i % PALETTE.length],
  }));
  drawChart(
    'chart-outcomes',
    {
      type: 'bar',
      data: { labels: years.map(String), datasets },
      options: {
        scales: {
          x: { stacked: true, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, ticks: countTicks() },
        },
      },
    },
    {
      empty: byYear.length === 0,
      summary: describe(
        'Outcomes per year',
        years.map(String),
        years.map((year) => sum(byYear.filter((row) => row.year === year).map((row) => row.count))),
      ),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Funding: amounts in different currencies cannot share an axis, so the chart shows one currency.

let fundingRows = [];

function currenciesOf(rows) {
  const totals = new Map();
  for (const row of rows) totals.set(row.currency, (totals.get(row.currency) ?? 0) + 1);
  return [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([currency]) => currency);
}

function renderFunding(rows) {
  fundingRows = rows;
  const currencies = currenciesOf(rows);
  const select = $('funding-currency');
  const chosen = currencies.includes(select.value) ? select.value : currencies[0];
  select.replaceChildren(...currencies.map((currency) => h('option', { value: currency }, currency)));
  if (chosen) select.value = chosen;
  $('funding-currency-field').hidden = currencies.length < 2;
  drawFunding(chosen);
  renderFundingTotals(rows, currencies);
}

function drawFunding(currency) {
  const rows = fundingRows.filter((row) => row.currency === currency);
  const types = OPTIONS.partnerTypes.filter((type) => rows.some((row) => row.partnerType === type));
  const others = [...new Set(rows.map((row) => row.partnerType))].filter((type) => !types.includes(type));
  const partnerTypes = [...types, ...others];
  const amountOf = (type, direction) =>
    sum(rows.filter((row) => row.partnerType === type && row.direction === direction).map((row) => row.amount));
  const directions = FUNDING_DIRECTIONS.filter((direction) => rows.some((row) => row.direction === direction));
  drawChart(
    'chart-funding',
    {
      type: 'bar',
      data: {
        labels: partnerTypes.map(label),
        datasets: directions.map((direction) => ({
          label: label(direction),
          data: partnerTypes.map((type) => amountOf(type, direction)),
          backgroundColor: DIRECTION_COLORS[direction],
          borderRadius: 4,
        })),
      },
      options: {
        scales: {
          x: { grid: { display: false } },
          y: { beginAtZero: true, ticks: { callback: (value) => formatMoney(value, currency, { compact: true }) } },
        },
        plugins: {
          tooltip: {
            callbacks: { label: (context) => `${context.dataset.label}: ${formatMoney(context.parsed.y, currency)}` },
          },
        },
      },
    },
    {
      empty: rows.length === 0,
      summary: `Funding in ${currency} by partner type: ${partnerTypes
        .map((type) => `${label(type)} ${formatMoney(sum(directions.map((d) => amountOf(type, d))), currency)}`)
        .join(', ')}`,
    },
  );
}

function renderFundingTotals(rows, currencies) {
  const items = currencies.flatMap((currency) =>
    FUNDING_DIRECTIONS.map((direction) => {
      const matching = rows.filter((row) => row.currency === currency && row.direction === direction);
      if (!matching.length) return null;
      return h(
        'li',
        {},
        h('span', { class: 'swatch', style: `background:${DIRECTION_COLORS[direction]}` }),
        `${label(direction)}: `,
        h('strong', {}, formatMoney(sum(matching.map((row) => row.amount)), currency)),
      );
    }).filter(Boolean),
  );
  $('funding-totals').replaceChildren(...items);
}

// ---------------------------------------------------------------------------------------------
// The portfolio overview

function renderKpis(portfolio) {
  const { partners, agreements, projects, outcomes } = portfolio;
  setKpi('kpi-partners', partners.total);
  setText(
    'kpi-partners-note',
    partners.byStatus.map((row) => `${formatNumber(row.count)} ${label(row.status).toLowerCase()}`).join(' · '),
  );

  setKpi('kpi-active-agreements', sum(agreements.activeByType.map((row) => row.count)));
  setText('kpi-active-agreements-note', `of ${plural(agreements.total, 'agreement', 'agreements')}`);

  setKpi('kpi-expiring-30', agreements.expiring.within30);
  setKpi('kpi-expiring-60', agreements.expiring.within60);
  setKpi('kpi-expiring-90', agreements.expiring.within90);

  const overdue = agreements.overdueObligations;
  setKpi('kpi-overdue', overdue.length);
  const oldest = Math.max(0, ...overdue.map((row) => row.daysOverdue));
  setText('kpi-overdue-note', overdue.length ? `oldest ${plural(oldest, 'day', 'days')} late` : 'all on time');
  $('kpi-overdue').classList.toggle('urgent', overdue.length > 0);

  setKpi('kpi-projects', sum(projects.funnel.map((row) => row.projects)));
  setText('kpi-projects-note', `${formatNumber(sum(projects.funnel.map((row) => row.onHold)))} on hold`);

  const countKind = (kind) => sum(outcomes.byYear.filter((row) => row.kind === kind).map((row) => row.count));
  setKpi('kpi-ip', sum(IP_KINDS.map(countKind)));
  setText(
    'kpi-ip-note',
    `${formatNumber(countKind('patent_filed'))} patents filed · ${formatNumber(countKind('patent_granted'))} granted`,
  );
}

function renderClosedProjects(closed) {
  const parts = Object.entries(closed ?? {})
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${formatNumber(count)} ${label(status).toLowerCase()}`);
  setText('closed-projects', parts.length ? `Closed so far: ${parts.join(' · ')}.` : 'No projects closed yet.');
}

function renderDecisions(decisions) {
  const list = $('decisions-list');
  if (!decisions.length) {
    list.replaceChildren(h('li', { class: 'empty' }, 'No gate decisions recorded yet.'));
    return;
  }
  list.replaceChildren(
    ...decisions.map((decision) =>
      h(
        'li',
        {},
        badge(decision.decision, 'decision'),
        h('span', { class: 'decision-title' }, decision.title),
        h('span', { class: 'muted' }, gateLabel(decision.gate)),
        h('span', { class: 'muted date' }, timeElement(decision.decidedOn)),
      ),
    ),
  );
}

function renderExpiring(items) {
  renderRows(
    $('expiring-list'),
    [...items].sort((a, b) => a.daysLeft - b.daysLeft),
    [
      { cell: (item) => item.title },
      { cell: (item) => label(item.type) },
      { cell: (item) => timeElement(item.expiryDate) },
      {
        class: 'num',
        cell: (item) => h('span', { class: `days ${urgencyOf(item.daysLeft)}` }, formatNumber(item.daysLeft)),
      },
    ],
    'No agreements expire in the next 90 days.',
  );
}

function renderOverdue(items) {
  renderRows(
    $('overdue-list'),
    [...items].sort((a, b) => b.daysOverdue - a.daysOverdue),
    [
      { cell: (item) => item.agreementTitle },
      { cell: (item) => [h('strong', {}, label(item.kind)), item.description ? ` — ${item.description}` : ''] },
      { cell: (item) => timeElement(item.dueDate) },
      { class: 'num', cell: (item) => h('span', { class: 'days urgent' }, formatNumber(item.daysOverdue)) },
    ],
    'No overdue obligations.',
  );
}

function renderOutcomesByPartner(rows) {
  const byPartner = new Map();
  for (const row of rows) {
    const entry = byPartner.get(row.partnerId) ?? { id: row.partnerId, name: row.partnerName, kinds: {}, total: 0 };
    entry.kinds[row.kind] = (entry.kinds[row.kind] ?? 0) + row.count;
    entry.total += row.count;
    byPartner.set(row.partnerId, entry);
  }
  const partners = [...byPartner.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const count = (kind) => (entry) => formatNumber(entry.kinds[kind] ?? 0);
  renderRows(
    $('outcomes-by-partner'),
    partners,
    [
      { cell: (entry) => partnerLink(entry.id, entry.name) },
      { class: 'num', cell: count('patent_filed') },
      { class: 'num', cell: count('patent_granted') },
      { class: 'num', cell: count('publication') },
      {
        class: 'num',
        cell: (entry) =>
          formatNumber(entry.total - sum(['patent_filed', 'patent_granted', 'publication'].map((k) => entry.kinds[k]))),
      },
      { class: 'num', cell: (entry) => h('strong', {}, formatNumber(entry.total)) },
    ],
    'No outcomes recorded yet.',
  );
}

function renderPortfolio(portfolio) {
  renderKpis(portfolio);
  drawFunnel(portfolio.projects);
  renderClosedProjects(portfolio.projects.closed);
  renderDecisions(portfolio.projects.recentDecisions);
  drawExpiry(portfolio.agreements.expiring.items);
  renderExpiring(portfolio.agreements.expiring.items);
  renderOverdue(portfolio.agreements.overdueObligations);
  simpleBar('chart-agreements-type', 'Active agreements', portfolio.agreements.activeByType, 'type', {
    horizontal: true,
    color: COLORS.teal,
  });
  simpleBar('chart-partners-region', 'Partners', portfolio.partners.byRegion, 'region');
  drawPartnerTypes(portfolio.partners.byType);
  simpleBar('chart-partners-area', 'Partners', portfolio.partners.byTechnologyArea, 'area', {
    horizontal: true,
    color: COLORS.purple,
  });
  drawOutcomes(portfolio.outcomes.byYear);
  renderOutcomesByPartner(portfolio.outcomes.byPartner);
  renderFunding(portfolio.funding.byPartnerType);
  showUpdated(portfolio.generatedAt);
}

function showUpdated(iso) {
  const date = iso ? new Date(iso) : new Date();
  const element = $('updated-at');
  element.dateTime = date.toISOString();
  element.textContent = timeFormat.format(date);
}

// ---------------------------------------------------------------------------------------------
// Registers: tables whose filters are the API's query parameters, with a CSV link using the same.

const REGISTERS = {
  partners: {
    path: '/api/partners',
    noun: ['partner', 'partners'],
    empty: 'No partners match these filters.',
    columns: [
      { cell: (p) => partnerLink(p.id, p.name) },
      { cell: (p) => label(p.type) },
      { cell: (p) => p.country },
      { cell: (p) => p.region },
      { cell: (p) => badge(p.status) },
      { cell: (p) => badge(p.tier, 'tier') },
      { cell: (p) => tags(p.technologyAreas) },
    ],
  },
  agreements: {
    path: '/api/agreements',
    noun: ['agreement', 'agreements'],
    empty: 'No agreements match these filters.',
    columns: [
      { cell: (a) => a.title },
      { cell: (a) => label(a.type) },
      { cell: (a) => badge(a.status) },
      { cell: (a) => timeElement(a.effectiveDate) },
      { cell: (a) => (a.expiryDate ? timeElement(a.expiryDate) : 'open-ended') },
      { class: 'num', cell: (a) => formatNumber(a.partyCount) },
    ],
  },
  projects: {
    path: '/api/projects',
    noun: ['project', 'projects'],
    empty: 'No projects match these filters.',
    columns: [
      { cell: (p) => p.title },
      { cell: (p) => label(p.stage) },
      { cell: (p) => badge(p.status) },
      { class: 'num', cell: (p) => formatMoney(p.budget, p.currency) },
      {
        class: 'num',
        cell: (p) => h('span', { class: p.overBudget ? 'over-budget' : undefined }, formatMoney(p.spent, p.currency)),
      },
      { cell: projectFlags },
    ],
  },
};

function projectFlags(project) {
  const flags = [];
  if (project.overBudget) flags.push(h('span', { class: 'badge flag' }, 'Over budget'));
  if (project.flagged) {
    flags.push(h('span', { class: 'badge flag', title: 'An agreement it runs under has ended' }, 'Agreement ended'));
  }
  return flags.length ? flags : '';
}

/** The filter form's non-empty fields, as query parameters. */
function filterParams(form) {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    const trimmed = String(value).trim();
    if (trimmed) params.set(name, name === 'country' ? trimmed.toUpperCase() : trimmed);
  }
  return params;
}

const registerRequests = new Map();

async function loadRegister(name) {
  const register = REGISTERS[name];
  const params = filterParams($(`${name}-filters`));
  $(`${name}-csv`).href = withQuery(`${register.path}.csv`, params);
  // A newer filter change supersedes a request still in flight.
  registerRequests.get(name)?.abort();
  const controller = new AbortController();
  registerRequests.set(name, controller);
  const table = $(`${name}-table`);
  table.closest('.table-wrap').setAttribute('aria-busy', 'true');
  try {
    const { items } = await getJson(withQuery(register.path, params), controller.signal);
    renderRows(table, items, register.columns, register.empty);
    setText(`${name}-count`, `(${plural(items.length, ...register.noun)})`);
    setError(name, null);
  } catch (error) {
    if (!isAbort(error)) setError(name, error);
    else throw error;
  } finally {
    if (registerRequests.get(name) === controller) {
      registerRequests.delete(name);
      table.closest('.table-wrap').removeAttribute('aria-busy');
    }
  }
}

function fillSelect(select, values, allLabel = 'All') {
  const current = select.value;
  const options = values.map(({ value, text }) => h('option', { value }, text));
  select.replaceChildren(h('option', { value: '' }, allLabel), ...options);
  // Keep the user's choice even if it has (for now) dropped out of the list.
  if (current && !values.some((option) => option.value === current)) {
    select.append(h('option', { value: current }, current));
  }
  select.value = current;
}

function setupFilterOptions() {
  for (const select of document.querySelectorAll('select[data-options]')) {
    const values = OPTIONS[select.dataset.options];
    if (values)
      fillSelect(
        select,
        values.map((value) => ({ value, text: label(value) })),
      );
    else fillSelect(select, [], 'All partners');
  }
}

async function loadPartnerOptions() {
  try {
    const { items } = await getJson('/api/partners');
    const options = items
      .map((partner) => ({ value: partner.id, text: partner.name }))
      .sort((a, b) => a.text.localeCompare(b.text));
    for (const select of document.querySelectorAll('select[data-options="partners"]')) {
      fillSelect(select, options, 'All partners');
    }
    setError('partner-options', null);
  } catch (error) {
    setError('partner-options', error);
  }
}

function bindFilters() {
  for (const name of Object.keys(REGISTERS)) {
    const form = $(`${name}-filters`);
    let timer;
    const reload = () => loadRegister(name).catch(ignoreAbort);
    form.addEventListener('change', () => {
      clearTimeout(timer);
      reload();
    });
    form.addEventListener('input', (event) => {
      if (event.target.tagName !== 'INPUT') return;
      clearTimeout(timer);
      timer = setTimeout(reload, FILTER_DEBOUNCE_MS);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(timer);
      reload();
    });
  }
}

function ignoreAbort(error) {
  if (!isAbort(error)) throw error;
}

async function loadDashboard() {
  const portfolio = getJson('/api/portfolio')
    .then((data) => {
      renderPortfolio(data);
      setError('portfolio', null);
    })
    .catch((error) => setError('portfolio', error));
  const registers = Object.keys(REGISTERS).map((name) => loadRegister(name).catch(ignoreAbort));
  await Promise.allSettled([portfolio, loadPartnerOptions(), ...registers]);
}

// ---------------------------------------------------------------------------------------------
// The partner 360° page

async function loadPartner(id) {
  let data = null;
  let error = null;
  try {
    data = await getJson(`/api/partners/${encodeURIComponent(id)}/360`);
  } catch (caught) {
    error = caught;
  }
  // The user may have moved on while the request was in flight; the newer route renders itself.
  if (currentRoute().id !== id) return;
  if (error && error.status !== 404) {
    setError('partner', error);
    return;
  }
  setError('partner', null);
  if (error) renderMissingPartner();
  else renderPartner(data);
  showUpdated();
}

function renderMissingPartner() {
  setText('partner-name', 'Partner not found');
  $('partner-badges').replaceChildren();
  $('partner-missing').hidden = false;
  $('partner-details').hidden = true;
  document.title = 'Partner not found · Accord';
}

function renderPartner({ profile, agreements, projects, outcomes, timeline }) {
  $('partner-missing').hidden = true;
  $('partner-details').hidden = false;
  setText('partner-name', profile.name);
  document.title = `${profile.name} · Accord`;
  $('partner-badges').replaceChildren(badge(profile.status), badge(profile.tier, 'tier'));
  renderProfile(profile);
  renderRows(
    $('partner-agreements'),
    agreements,
    [
      { cell: (a) => a.title },
      { cell: (a) => label(a.type) },
      { cell: (a) => badge(a.status) },
      { cell: (a) => timeElement(a.effectiveDate) },
      { cell: (a) => (a.expiryDate ? timeElement(a.expiryDate) : 'open-ended') },
    ],
    'No agreements with this partner yet.',
  );
  renderRows(
    $('partner-projects'),
    projects,
    [{ cell: (p) => p.title }, { cell: (p) => label(p.stage) }, { cell: (p) => badge(p.status) }],
    'No joint projects yet.',
  );
  renderRows(
    $('partner-outcomes'),
    outcomes,
    [
      { cell: (o) => o.title },
      { cell: (o) => badge(o.kind, 'kind') },
      { cell: (o) => o.projectTitle },
      { cell: (o) => timeElement(o.occurredOn) },
    ],
    'No outcomes yet.',
  );
  renderTimeline(timeline);
}

function renderProfile(profile) {
  const website = /^https?:\/\//i.test(profile.website ?? '')
    ? h('a', { href: profile.website, rel: 'noopener noreferrer', target: '_blank' }, profile.website)
    : profile.website || '—';
  const fields = [
    ['Type', label(profile.type)],
    ['Country', profile.country],
    ['Region', profile.region ?? '—'],
    ['Tier', label(profile.tier)],
    ['Status', label(profile.status)],
    ['Website', website],
    ['Technology areas', tags(profile.technologyAreas)],
    ['Registered', timeElement(String(profile.registeredAt ?? '').slice(0, 10))],
  ];
  $('partner-profile').replaceChildren(
    ...fields.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
  );
}

function renderTimeline(timeline) {
  const list = $('partner-timeline');
  if (!timeline.length) {
    list.replaceChildren(h('li', { class: 'empty' }, 'Nothing has happened yet.'));
    return;
  }
  // Changes say when they were made to the minute, and by whom; milestones have a date only.
  list.replaceChildren(
    ...timeline.map((entry) =>
      h(
        'li',
        { class: `kind-${entry.kind}` },
        h(
          'span',
          { class: 'date' },
          entry.at ? instantElement(entry.at) : timeElement(entry.date),
          entry.by ? [' · ', h('span', { class: 'by', title: entry.actor }, byLine(entry.by))] : null,
        ),
        h('span', {}, entry.what),
      ),
    ),
  );
}

/** "by ada"; automatic changes (the scheduler, reactions to other services' events) say so. */
function byLine(name) {
  return name === 'automatic' ? 'automatic' : `by ${name}`;
}

// ---------------------------------------------------------------------------------------------
// Routing: `#/` is the overview, `#/partners/<id>` a partner's 360° page.

function currentRoute() {
  const match = /^#\/partners\/([^/?#]+)\/?$/.exec(location.hash);
  return match ? { name: 'partner', id: decodeURIComponent(match[1]) } : { name: 'dashboard' };
}

let dashboardScroll = 0;

function showView(route) {
  if (!auth.signedIn) return; // the sign-in panel stays until a token is given
  const onPartner = route.name === 'partner';
  if (onPartner && !$('view-dashboard').hidden) dashboardScroll = scrollY;
  $('view-dashboard').hidden = onPartner;
  $('view-partner').hidden = !onPartner;
  if (!onPartner) document.title = 'Accord · partnership portfolio';
}

const DASHBOARD_ERRORS = ['portfolio', 'partner-options', ...Object.keys(REGISTERS)];

async function renderRoute() {
  if (!auth.signedIn) return;
  const route = currentRoute();
  // Errors belong to the view that raised them; leaving the view drops them.
  if (route.name === 'partner') {
    for (const key of DASHBOARD_ERRORS) setError(key, null);
    await loadPartner(route.id);
  } else {
    setError('partner', null);
    await loadDashboard();
  }
}

async function onNavigate() {
  // A `#token=` link opened in this tab: sign in with it.
  if (takeTokenFromFragment()) {
    enterWithToken();
    await refreshNow({ live: false });
    return;
  }
  if (!auth.signedIn) return;
  const route = currentRoute();
  const wasDashboard = !$('view-dashboard').hidden;
  showView(route);
  if (route.name === 'partner') {
    setText('partner-name', '');
    $('partner-details').hidden = true;
    $('partner-missing').hidden = true;
    scrollTo(0, 0);
  }
  await refreshNow({ live: false });
  if (route.name === 'partner') $('partner-name').focus();
  else if (!wasDashboard) {
    scrollTo(0, dashboardScroll);
    $('dashboard-title').focus({ preventScroll: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Refreshing: one render at a time; changes arriving meanwhile queue exactly one more render, so
// the last render always reflects the latest change.

const refresher = { timer: null, running: null, queued: false, queuedLive: false, refreshes: 0 };

function scheduleRefresh() {
  clearTimeout(refresher.timer);
  refresher.timer = setTimeout(() => refreshNow({ live: true }), REFRESH_DEBOUNCE_MS);
}

/** Resolves once every render queued so far (including ones queued while waiting) has completed. */
function refreshNow({ live }) {
  refresher.queued = true;
  refresher.queuedLive ||= live;
  refresher.running ??= drainRefreshes().finally(() => {
    refresher.running = null;
  });
  return refresher.running;
}

async function drainRefreshes() {
  while (refresher.queued) {
    const live = refresher.queuedLive;
    refresher.queued = false;
    refresher.queuedLive = false;
    try {
      await renderRoute();
      setError('render', null);
    } catch (error) {
      setError('render', error);
    }
    if (live) document.body.dataset.refreshes = String(++refresher.refreshes);
  }
}

// ---------------------------------------------------------------------------------------------
// Live updates over Server-Sent Events

const stream = { source: null, retry: null, connectedBefore: false };
const LIVE_TEXT = { live: 'live', reconnecting: 'reconnecting…', 'signed-out': 'signed out' };

function setLive(state) {
  $('live-indicator').dataset.state = state;
  setText('live-text', LIVE_TEXT[state]);
}

/** EventSource cannot send headers: the token goes in the query, which the server allows on this route only. */
function connectEvents() {
  closeEvents();
  if (!('EventSource' in window) || !auth.signedIn) return;
  const source = new EventSource(`/api/events?access_token=${encodeURIComponent(auth.token)}`);
  stream.source = source;
  source.addEventListener('open', () => setLive('live'));
  source.addEventListener('ready', () => {
    setLive('live');
    // After a reconnect we may have missed changes while the stream was down.
    if (stream.connectedBefore) scheduleRefresh();
    stream.connectedBefore = true;
  });
  source.addEventListener('change', scheduleRefresh);
  source.addEventListener('error', () => {
    if (stream.source !== source) return;
    setLive('reconnecting');
    // The browser retries by itself unless the server refused the stream outright, as it does a
    // token that has expired: a refresh then finds out why (and asks for a token if that is it).
    if (source.readyState === EventSource.CLOSED) {
      closeEvents();
      stream.retry = setTimeout(connectEvents, RECONNECT_MS);
      refreshNow({ live: false });
    }
  });
}

function closeEvents() {
  clearTimeout(stream.retry);
  stream.source?.close();
  stream.source = null;
}

// ---------------------------------------------------------------------------------------------

async function start() {
  setupChartDefaults();
  setupFilterOptions();
  bindFilters();
  $('error-retry').addEventListener('click', () => refreshNow({ live: false }));
  $('funding-currency').addEventListener('change', (event) => drawFunding(event.target.value));
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  for (const name of Object.keys(REGISTERS)) $(`${name}-csv`).addEventListener('click', downloadCsv);
  window.addEventListener('hashchange', onNavigate);
  loadToken();
  takeTokenFromFragment();
  if (auth.token) enterWithToken();
  else showSignIn(NO_TOKEN);
  await refreshNow({ live: false });
  document.body.dataset.refreshes = String(refresher.refreshes);
  document.body.dataset.ready = 'true';
}

start().catch((error) => setError('start', error));
