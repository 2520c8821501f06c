import { useState } from 'react';
import { invalidate } from '../../api/resource';
import { Link, navigate, usePageTitle } from '../../app/router';
import { useSession } from '../../app/session';
import { DateField } from '../../ui/field';
import { FormErrors } from '../../ui/form-errors';
import { useAnnounce } from '../../ui/status';
import { useSubmit } from '../../ui/use-submit';
import { AGREEMENTS_KEY, COMPANY, draftAgreement } from './api';
import { partyName, usePartners } from './partner-names';
import {
  AGREEMENT_FIELD_LABELS,
  TermsFields,
  checkTerms,
  draftBodyOf,
  emptyTerms,
  termsErrors,
  useTermsIds,
  type TermsValues,
} from './terms-fields';

/**
 * "Draft an agreement" (it starts as a draft and moves through negotiation, review, approval and
 * signatures) or, with `signed`, "Log a signed agreement": an agreement approved and signed in the
 * past, entered in one step with legal's approval date and every party's signature and date. Logging
 * records legal's approval and the company's signature, so it needs the legal role as well.
 */
export function DraftAgreementPage({ signed }: { signed: boolean }) {
  const title = signed ? 'Log a signed agreement' : 'Draft an agreement';
  const heading = usePageTitle(title);
  const { can, me } = useSession();
  const announce = useAnnounce();
  const submission = useSubmit(AGREEMENT_FIELD_LABELS);
  const [values, setValues] = useState<TermsValues>(() => emptyTerms(me?.user.id ?? ''));
  const [draftedOn, setDraftedOn] = useState('');
  const [approvedOn, setApprovedOn] = useState('');
  const [signedOn, setSignedOn] = useState<Record<string, string>>({});
  const ids = useTermsIds();
  const signers = [COMPANY, ...values.partyIds];
  const partners = usePartners(values.partyIds);
  const allowed = signed ? can('alliance_manager') && can('legal') : can('alliance_manager');

  if (!allowed) {
    return (
      <section className="card">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <p>
          {signed
            ? "You don't have the role for this: logging a signed agreement records legal's approval and the company's signature, so it needs both the alliance manager and the legal role."
            : "You don't have the role for this: drafting agreements is for alliance managers."}
        </p>
        <p>
          <Link to="/agreements">Back to the agreements</Link>
        </p>
      </section>
    );
  }

  const submit = async () => {
    const found = checkTerms(values);
    if (signed) {
      const missing = signers.filter((party) => !signedOn[party]);
      if (missing.length > 0)
        found.execution = `Enter the day each party signed: ${missing.map((party) => partyName(party, partners)).join(', ')}.`;
    }
    if (Object.keys(found).length) {
      submission.fail(found);
      return;
    }
    const body = draftBodyOf(values);
    const result = await submission.run(() =>
      draftAgreement({
        ...body,
        ...(draftedOn && { draftedOn }),
        ...(signed && {
          execution: {
            ...(approvedOn && { approvedOn }),
            signatures: signers.map((partyId) => ({ partyId, signedOn: signedOn[partyId]! })),
          },
        }),
      }),
    );
    if (result) {
      invalidate(AGREEMENTS_KEY, 'dashboard:');
      announce(signed ? `${body.title} logged as signed.` : `${body.title} drafted.`);
      navigate(`/agreements/${result.id}`);
    }
  };

  const errors = termsErrors(submission);

  return (
    <div className="page narrow">
      <p className="back">
        <Link to="/agreements">← Agreements</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {signed && (
        <p className="note">
          For an agreement already approved and signed on paper: enter its terms, the day legal approved it and the day
          each party signed. Its status follows those dates (active, or expired if its expiry has passed).
        </p>
      )}
      <form
        className="form"
        aria-label={title}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <FormErrors submission={{ ...submission, errors }} labels={AGREEMENT_FIELD_LABELS} fieldIds={ids} />
        <TermsFields values={values} onChange={setValues} errors={errors} ids={ids} />
        <DateField
          label="Drafted on"
          optional
          value={draftedOn}
          onChange={(event) => setDraftedOn(event.target.value)}
          error={errors.draftedOn}
          hint="The day the draft was made, when known: no approval or signature can come before it."
        />
        {signed && (
          <fieldset className="fieldset" aria-describedby="execution-hint">
            <legend>Approval and signatures</legend>
            <p className="field-hint" id="execution-hint">
              Every party signs, our company included. A date can be long past.
            </p>
            {errors.execution && <p className="field-error">{errors.execution}</p>}
            <DateField
              label="Approved on"
              optional
              value={approvedOn}
              onChange={(event) => setApprovedOn(event.target.value)}
              error={errors.approvedOn}
              hint="The day legal approved it; the earliest signature if left empty."
            />
            {signers.map((party) => (
              <fieldset key={party} className="signature-line">
                <legend>{partyName(party, partners)}</legend>
                <DateField
                  label="Signed on"
                  required
                  value={signedOn[party] ?? ''}
                  onChange={(event) => setSignedOn((current) => ({ ...current, [party]: event.target.value }))}
                  error={errors.signedOn}
                />
              </fieldset>
            ))}
            {values.partyIds.length === 0 && (
              <p className="field-hint">Choose the parties above to enter their signatures.</p>
            )}
          </fieldset>
        )}
        <div className="actions">
          <button type="submit" className="button primary" disabled={submission.pending}>
            {submission.pending ? 'Saving…' : signed ? 'Log signed agreement' : 'Save draft'}
          </button>
          <Link className="button" to="/agreements">
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}
