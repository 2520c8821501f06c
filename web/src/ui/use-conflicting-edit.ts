import { useState } from 'react';
import { isApiError } from '../api/problems';
import type { Submission } from './use-submit';

/** A record as a form loaded it, with the ETag its save sends as If-Match. */
export interface Loaded<R> {
  record: R;
  etag: string;
}

/** Someone saved the record after the form loaded it: their version, and who they were. */
export interface EditConflict<R> {
  latest: R;
  etag: string;
  by: string[];
}

/**
 * An edit form over a versioned record. It keeps the version it loaded and sends its ETag; when
 * someone else saved in between (412), it fetches the latest version and who saved it, keeps what the
 * user typed, and `reapply` sends the user's edits on top of the latest version in one click.
 */
export function useConflictingEdit<R extends { id: string; version: number }, V, B extends object>(edit: {
  record: R;
  etag: string;
  submission: Submission;
  /** What the form shows for a version of the record. */
  valuesOf: (record: R) => V;
  /** The request body: only what `mine` changes against `loaded` (empty: nothing to save). */
  bodyOf: (loaded: V, mine: V) => B;
  /** Problems the form finds itself before sending, by field. */
  check?: (mine: V) => Record<string, string>;
  send: (target: Loaded<R>, body: B) => Promise<unknown>;
  reload: (id: string) => Promise<Loaded<R>>;
  changedSince: (id: string, version: number) => Promise<string[]>;
  onSaved: () => void;
}) {
  const { submission, valuesOf } = edit;
  const [base, setBase] = useState<Loaded<R>>({ record: edit.record, etag: edit.etag });
  const [values, setValues] = useState<V>(() => valuesOf(edit.record));
  const [conflict, setConflict] = useState<EditConflict<R> | null>(null);

  const save = async (target: Loaded<R>, loaded: V, mine: V) => {
    const found = edit.check?.(mine) ?? {};
    if (Object.keys(found).length > 0) return submission.fail(found);
    const body = edit.bodyOf(loaded, mine);
    if (Object.keys(body).length === 0) return edit.onSaved();
    const result = await submission.run(async () => {
      try {
        await edit.send(target, body);
        return true;
      } catch (error) {
        if (isApiError(error) && error.status === 412) {
          const latest = await edit.reload(target.record.id);
          const by = await edit.changedSince(target.record.id, target.record.version);
          setConflict({ latest: latest.record, etag: latest.etag, by });
        }
        throw error;
      }
    });
    if (result) {
      setConflict(null);
      edit.onSaved();
    }
  };

  /** The user's edits (against what the form loaded) on top of the latest version, with its ETag. */
  const reapply = () => {
    if (!conflict) return;
    const before = valuesOf(base.record) as Record<string, unknown>;
    const latest = valuesOf(conflict.latest);
    const typed = values as Record<string, unknown>;
    const merged = Object.fromEntries(
      Object.entries(latest as Record<string, unknown>).map(([key, value]) => [
        key,
        JSON.stringify(typed[key]) !== JSON.stringify(before[key]) ? typed[key] : value,
      ]),
    ) as V;
    const next = { record: conflict.latest, etag: conflict.etag };
    setBase(next);
    setValues(merged);
    void save(next, latest, merged);
  };

  /** Drops the user's edits and shows the latest version. */
  const discard = () => {
    if (!conflict) return;
    setBase({ record: conflict.latest, etag: conflict.etag });
    setValues(valuesOf(conflict.latest));
    setConflict(null);
    submission.reset();
  };

  return {
    loaded: valuesOf(base.record),
    values,
    setValues,
    conflict,
    submit: () => void save(base, valuesOf(base.record), values),
    reapply,
    discard,
  };
}
