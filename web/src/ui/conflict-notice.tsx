import { useEffect, useRef } from 'react';

/**
 * Someone saved the record after this form loaded it (the service answered 412 to our If-Match).
 * Shows what they changed (the value the form loaded, the value now) next to what the user typed,
 * keeps the user's input, and offers one button to put the user's edits on top of the latest version.
 */
export interface ConflictField {
  key: string;
  label: string;
  /** How a value reads; `String(value)` unless given. */
  format?: (value: unknown) => string;
}

export function diffFields(
  fields: ConflictField[],
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): ConflictField[] {
  return fields.filter((field) => JSON.stringify(a[field.key] ?? null) !== JSON.stringify(b[field.key] ?? null));
}

export function ConflictNotice({
  fields,
  loaded,
  latest,
  mine,
  changedBy,
  onReapply,
  onDiscard,
  pending = false,
}: {
  fields: ConflictField[];
  /** The record as the form loaded it. */
  loaded: Record<string, unknown>;
  /** The record as it is now. */
  latest: Record<string, unknown>;
  /** What the form holds now (the user's input). */
  mine: Record<string, unknown>;
  /** Who saved in between, when the history says ("ada, ben"). */
  changedBy?: string[];
  onReapply: () => void;
  onDiscard: () => void;
  pending?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const theirs = diffFields(fields, loaded, latest);
  const yours = diffFields(fields, loaded, mine);
  const show = (field: ConflictField, value: unknown) =>
    value === null || value === undefined || value === ''
      ? '—'
      : field.format
        ? field.format(value)
        : typeof value === 'string'
          ? value
          : JSON.stringify(value);
  const who = changedBy && changedBy.length > 0 ? changedBy.join(', ') : 'Someone else';
  return (
    <div className="conflict" role="alert" tabIndex={-1} ref={ref} aria-labelledby="conflict-title">
      <h3 id="conflict-title">{who} changed this record while you were editing it</h3>
      <p>Nothing you entered is lost. Compare, then save your changes on top of the latest version, or discard them.</p>
      {theirs.length > 0 ? (
        <div className="table-wrap" role="region" aria-label={`Fields changed by ${who}`} tabIndex={0}>
          <table>
            <caption className="visually-hidden">Fields changed by {who}</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">When you opened it</th>
                <th scope="col">Now</th>
                <th scope="col">Yours</th>
              </tr>
            </thead>
            <tbody>
              {theirs.map((field) => (
                <tr key={field.key} className={yours.includes(field) ? 'both-changed' : undefined}>
                  <th scope="row">{field.label}</th>
                  <td data-label="When you opened it">{show(field, loaded[field.key])}</td>
                  <td data-label="Now">{show(field, latest[field.key])}</td>
                  <td data-label="Yours">
                    {yours.includes(field) ? show(field, mine[field.key]) : <span className="muted">unchanged</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>The fields in this form are as they were; something else about the record changed.</p>
      )}
      <div className="actions">
        <button type="button" className="button primary" onClick={onReapply} disabled={pending}>
          {pending ? 'Saving…' : 'Apply my changes to the latest version'}
        </button>
        <button type="button" className="button" onClick={onDiscard} disabled={pending}>
          Discard my changes
        </button>
      </div>
    </div>
  );
}
