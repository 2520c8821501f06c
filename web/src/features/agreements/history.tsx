import { explain, isApiError } from '../../api/problems';
import { actorName, formatDay, formatInstant } from '../../ui/format';

/** One recorded change, as both agreement-service and project-service answer `GET .../history`. */
export interface HistoryItem {
  version: number;
  type: string;
  occurredAt: string;
  actor: string;
  data: Record<string, unknown>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The business date of an event: the day it happened in the world (`signedOn`, `decidedOn`...), which
 * may be years before it was recorded. Null when the event carries none.
 */
export function businessDate(data: Record<string, unknown>): string | null {
  for (const [key, value] of Object.entries(data)) {
    if (
      /(On|Date)$/.test(key) &&
      key !== 'dueDate' &&
      key !== 'plannedDate' &&
      typeof value === 'string' &&
      DAY.test(value)
    )
      return value;
  }
  return null;
}

/** `AgreementSignedByParty` → "Signed by party": the default wording when a page has none better. */
export function eventWords(type: string, prefix: RegExp): string {
  const words = type
    .replace(prefix, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Who did what, newest first: the business date ("on 5 Sep 2016") beside the moment it was recorded,
 * so a signature logged today for a 2016 contract reads as both.
 */
export function History({
  entries,
  error,
  describe,
  title = 'History',
  id = 'history-title',
}: {
  entries: HistoryItem[] | undefined;
  error: unknown;
  describe: (entry: HistoryItem) => string;
  title?: string;
  id?: string;
}) {
  return (
    <section className="card wide" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="note">The day each act happened, and when it was recorded and by whom.</p>
      {error ? (
        <p role="alert">{isApiError(error) ? explain(error.problem) : 'The history could not be loaded.'}</p>
      ) : !entries ? (
        <p className="loading">Loading…</p>
      ) : entries.length === 0 ? (
        <p className="empty">Nothing recorded yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Happened on</th>
                <th scope="col">Recorded</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {[...entries]
                .sort((a, b) => b.version - a.version)
                .map((entry) => {
                  const day = businessDate(entry.data);
                  return (
                    <tr key={`${entry.version}-${entry.type}`}>
                      <th scope="row">{describe(entry)}</th>
                      <td>{day ? formatDay(day) : '—'}</td>
                      <td>{formatInstant(entry.occurredAt)}</td>
                      <td>{actorName(entry.actor)}</td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
