import { useState } from 'react';
import { isApiError } from '../../api/problems';
import { ConflictNotice, diffFields } from '../../ui/conflict-notice';
import { FormErrors } from '../../ui/form-errors';
import { useSubmit } from '../../ui/use-submit';
import { agreementChangedSince, getAgreement, reviseAgreement, type Agreement } from './api';
import {
  AGREEMENT_FIELD_LABELS,
  TERMS_CONFLICT_FIELDS,
  TermsFields,
  checkTerms,
  reviseBodyOf,
  termsErrors,
  termsOf,
  useTermsIds,
  type TermsValues,
} from './terms-fields';

interface Conflict {
  latest: Agreement;
  etag: string;
  by: string[];
}

const asRecord = (values: TermsValues) => values as unknown as Record<string, unknown>;

/**
 * Revise the terms of a draft or an agreement in negotiation. The form keeps the version it loaded (its
 * ETag) and sends it as If-Match; if someone saved in between (412), it shows what they changed next
 * to what the user typed and re-applies the user's edits on top of the latest version in one click.
 */
export function ReviseForm({
  agreement,
  etag,
  onSaved,
  onCancel,
}: {
  agreement: Agreement;
  etag: string;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [base, setBase] = useState({ agreement, etag });
  const [values, setValues] = useState<TermsValues>(() => termsOf(agreement));
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const submission = useSubmit(AGREEMENT_FIELD_LABELS);
  const ids = useTermsIds();

  const save = async (target: { agreement: Agreement; etag: string }, loaded: TermsValues, mine: TermsValues) => {
    const found = checkTerms(mine);
    if (Object.keys(found).length) return submission.fail(found);
    const body = reviseBodyOf(loaded, mine);
    if (Object.keys(body).length === 0) return onSaved();
    const result = await submission.run(async () => {
      try {
        return await reviseAgreement(target.agreement.id, target.etag, body);
      } catch (error) {
        if (isApiError(error) && error.status === 412) {
          const latest = await getAgreement(target.agreement.id);
          setConflict({
            latest: latest.agreement,
            etag: latest.etag,
            by: await agreementChangedSince(target.agreement.id, target.agreement.version),
          });
        }
        throw error;
      }
    });
    if (result) {
      setConflict(null);
      onSaved();
    }
  };

  /** The user's edits (against what the form loaded) on top of the latest version, with its ETag. */
  const reapply = () => {
    if (!conflict) return;
    const mine = termsOf(base.agreement);
    const latest = termsOf(conflict.latest);
    const merged = Object.fromEntries(
      (Object.keys(latest) as (keyof TermsValues)[]).map((key) => [
        key,
        JSON.stringify(values[key]) !== JSON.stringify(mine[key]) ? values[key] : latest[key],
      ]),
    ) as unknown as TermsValues;
    const next = { agreement: conflict.latest, etag: conflict.etag };
    setBase(next);
    setValues(merged);
    void save(next, latest, merged);
  };

  const discard = () => {
    if (!conflict) return;
    setBase({ agreement: conflict.latest, etag: conflict.etag });
    setValues(termsOf(conflict.latest));
    setConflict(null);
    submission.reset();
  };

  const loaded = termsOf(base.agreement);
  const dirty = JSON.stringify(loaded) !== JSON.stringify(values);
  const errors = termsErrors(submission);

  return (
    <form
      className="form"
      aria-label="Revise terms"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save(base, loaded, values);
      }}
    >
      {conflict && (
        <ConflictNotice
          fields={TERMS_CONFLICT_FIELDS}
          loaded={asRecord(loaded)}
          latest={asRecord(termsOf(conflict.latest))}
          mine={asRecord(values)}
          changedBy={conflict.by}
          onReapply={reapply}
          onDiscard={discard}
          pending={submission.pending}
        />
      )}
      <FormErrors submission={{ ...submission, errors }} labels={AGREEMENT_FIELD_LABELS} fieldIds={ids} />
      <TermsFields values={values} onChange={setValues} errors={errors} ids={ids} typeFixed selfId={agreement.id} />
      {!conflict && (
        <div className="actions">
          <button type="submit" className="button primary" disabled={submission.pending || !dirty}>
            {submission.pending ? 'Saving…' : 'Save terms'}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          {dirty && (
            <span className="muted">
              {diffFields(TERMS_CONFLICT_FIELDS, asRecord(loaded), asRecord(values)).length} changed
            </span>
          )}
        </div>
      )}
    </form>
  );
}
