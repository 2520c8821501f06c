/**
 * How values read on screen: enum values as words, dates in the reader's locale, money with its
 * currency. Data from the services is shown as text, never as HTML (React escapes it).
 */

/** Labels a mechanical "snake_case → Sentence case" would get wrong. */
const LABELS: Record<string, string> = {
  nda: 'NDA',
  mou: 'MOU',
  ai: 'AI',
  co_development: 'Co-development',
  scholarship_internship: 'Scholarship / internship',
  in_kind: 'In kind',
  spun_out: 'Spun out',
  venture_capital: 'Venture capital',
  ip_counsel: 'IP counsel',
  go: 'GO',
  kill: 'KILL',
  hold: 'HOLD',
  recycle: 'RECYCLE',
};

export function label(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return LABELS[value] ?? value.charAt(0).toUpperCase() + value.slice(1).replace(/[_-]/g, ' ');
}

const numberFormat = new Intl.NumberFormat();
const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const instantFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const moneyFormats = new Map<string, Intl.NumberFormat | null>();

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : numberFormat.format(value);
}

export function formatPercent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : percentFormat.format(rate);
}

export function formatMoney(amount: number | null | undefined, currency?: string | null, compact = false): string {
  if (amount === null || amount === undefined) return '—';
  if (!currency) return formatNumber(amount);
  const key = `${currency}|${compact}`;
  if (!moneyFormats.has(key)) {
    try {
      moneyFormats.set(
        key,
        new Intl.NumberFormat(undefined, { style: 'currency', currency, ...(compact && { notation: 'compact' }) }),
      );
    } catch {
      moneyFormats.set(key, null); // not an ISO 4217 code Intl knows
    }
  }
  const format = moneyFormats.get(key);
  return format ? format.format(amount) : `${formatNumber(amount)} ${currency}`;
}

/** `YYYY-MM-DD` as a local date: `new Date('2025-03-01')` is UTC midnight, the day before in the Americas. */
export function parseDay(iso: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = parseDay(iso);
  return date ? dateFormat.format(date) : iso;
}

export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : instantFormat.format(date);
}

/** Today in the reader's time zone, as `YYYY-MM-DD`: what a date field defaults to. */
export function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

const regionNames =
  typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(undefined, { type: 'region' }) : null;

/** `JP` → "Japan" (in the reader's language); the code itself when unknown. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '—';
  try {
    return regionNames?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** "user:ada" → "ada"; automatic changes say so. */
export function actorName(actor: string | null | undefined): string {
  if (!actor) return 'someone';
  if (actor.startsWith('system:')) return 'automatic';
  return actor.replace(/^user:/, '');
}

/** Free tags as the services store them: lower-case and hyphenated ("Secure Computation" → "secure-computation"). */
export function parseAreas(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,;\n]/)
        .map((area) => area.trim().toLowerCase().replace(/\s+/g, '-'))
        .filter(Boolean),
    ),
  ];
}
