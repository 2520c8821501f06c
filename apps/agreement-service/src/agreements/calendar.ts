/** Calendar arithmetic the agreement rules share. Pure: dates in, dates out. */

/** A calendar date, `YYYY-MM-DD`: agreements run from and to days, not instants. */
export type IsoDate = string;

/** Renewal windows open this many days before expiry. */
export const RENEWAL_WINDOWS = [90, 60, 30] as const;

/** Days from `from` to `to` (both calendar dates). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * The length of a term that runs from `effective` through `expiry` (its last valid day): in whole
 * months when it is whole months (a 2-year alliance renews to the same day of the month, leap years
 * or not), in days otherwise.
 */
export type Term = { months: number } | { days: number };

export function termOf(effective: IsoDate, expiry: IsoDate): Term {
  const end = addDays(expiry, 1);
  const [y1, m1] = effective.split('-').map(Number);
  const [y2, m2] = end.split('-').map(Number);
  const months = (y2 - y1) * 12 + (m2 - m1);
  if (months > 0 && addMonths(effective, months) === end) return { months };
  return { days: daysBetween(effective, end) };
}

/** The length of one term of these dates; none for an open-ended agreement. */
export function termFor(dates: { effectiveDate: IsoDate; expiryDate: IsoDate | null }): Term | null {
  return dates.expiryDate === null ? null : termOf(dates.effectiveDate, dates.expiryDate);
}

/** The last valid day of the next term after one that ended on `expiry`. */
export function extendBy(expiry: IsoDate, term: Term): IsoDate {
  const start = addDays(expiry, 1);
  const end = 'months' in term ? addMonths(start, term.months) : addDays(start, term.days);
  return addDays(end, -1);
}
