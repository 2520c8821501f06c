import { BusinessRuleError } from './errors';

/** An act a dated one depends on: a later act may not be dated before it. */
export interface EarlierAct {
  /** Its business date; null when unknown, and then nothing is checked against it. */
  date: string | null;
  /** The 422 code when the dated act comes before it (`before_approved`). */
  code: string;
  /** How the message names it (`the approval`). */
  what: string;
  /** The problem detail that carries its date; `notBefore` unless said. */
  detail?: string;
}

/**
 * A business date (`YYYY-MM-DD`, the day an act happened in the world, whenever it is recorded): not
 * after today, nor before the acts it depends on where their dates are known. Returns the date, so a
 * decider checks it where it uses it. ISO dates compare as text.
 */
export function checkBusinessDate(field: string, date: string, today: string, earlier: EarlierAct[] = []): string {
  if (date > today) {
    throw new BusinessRuleError('date_in_future', `${field} (${date}) is after today (${today})`, {
      field,
      date,
      today,
    });
  }
  for (const act of earlier) {
    if (act.date !== null && date < act.date) {
      throw new BusinessRuleError(act.code, `${field} (${date}) is before ${act.what} (${act.date})`, {
        field,
        date,
        [act.detail ?? 'notBefore']: act.date,
      });
    }
  }
  return date;
}
