import { ConflictNotice, diffFields } from '../../ui/conflict-notice';
import { FormErrors } from '../../ui/form-errors';
import { useConflictingEdit } from '../../ui/use-conflicting-edit';
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
  const submission = useSubmit(AGREEMENT_FIELD_LABELS);
  const ids = useTermsIds();
  const edit = useConflictingEdit({
    record: agreement,
    etag,
    submission,
    valuesOf: termsOf,
    bodyOf: reviseBodyOf,
    check: checkTerms,
    send: (target, body) => reviseAgreement(target.record.id, target.etag, body),
    reload: async (id) => {
      const latest = await getAgreement(id);
      return { record: latest.agreement, etag: latest.etag };
    },
    changedSince: agreementChangedSince,
    onSaved,
  });
  const { loaded, values, setValues, conflict } = edit;
  const dirty = JSON.stringify(loaded) !== JSON.stringify(values);
  const errors = termsErrors(submission);

  return (
    <form
      className="form"
      aria-label="Revise terms"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        edit.submit();
      }}
    >
      {conflict && (
        <ConflictNotice
          fields={TERMS_CONFLICT_FIELDS}
          loaded={asRecord(loaded)}
          latest={asRecord(termsOf(conflict.latest))}
          mine={asRecord(values)}
          changedBy={conflict.by}
          onReapply={edit.reapply}
          onDiscard={edit.discard}
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
