import { useId, useState } from 'react';
import { explain, isApiError } from '../../api/problems';
import { invalidate, useResource } from '../../api/resource';
import { Link, navigate, useSearchParams, usePageTitle } from '../../app/router';
import { useSession } from '../../app/session';
import { DateField, TextField } from '../../ui/field';
import { FormErrors } from '../../ui/form-errors';
import { formatDay, today } from '../../ui/format';
import { useAnnounce } from '../../ui/status';
import { useSubmit } from '../../ui/use-submit';
import { AGREEMENTS_KEY, listAgreements, type AgreementSummary } from '../agreements/api';
import { typeLabel } from '../agreements/options';
import { parseAreas } from '../../ui/format';
import { partyName, usePartners } from '../agreements/partner-names';
import { PROJECTS_KEY, proposeProject } from './api';

const LABELS: Record<string, string> = {
  title: 'Title',
  agreementIds: 'Agreements',
  leadPartnerIds: 'Lead partners',
  technologyAreas: 'Technology areas',
  budget: 'Budget',
  proposedOn: 'Proposed on',
};

/** 422 codes about one field although the service names none. */
const CODE_FIELDS: Record<string, string> = {
  agreement_not_valid: 'agreementIds',
  lead_not_a_party: 'leadPartnerIds',
  currency_mismatch: 'budget',
  amount_too_large: 'budget',
};

/** The agreements a project may run under: signed or active now. */
async function validAgreements(signal: AbortSignal): Promise<AgreementSummary[]> {
  const [active, signed] = await Promise.all([
    listAgreements({ status: 'active', pageSize: 100, sort: 'title' }, signal),
    listAgreements({ status: 'signed', pageSize: 100, sort: 'title' }, signal),
  ]);
  return [...active.items, ...signed.items].sort((a, b) => a.title.localeCompare(b.title));
}

/** "Propose a project" under one or more agreements in force; it starts in Generate. */
export function ProposeProjectPage() {
  const heading = usePageTitle('Propose a project');
  const { can } = useSession();
  const announce = useAnnounce();
  const [params] = useSearchParams();
  const submission = useSubmit(LABELS);
  const agreements = useResource(`${AGREEMENTS_KEY}list?valid-for-projects`, validAgreements);
  const [title, setTitle] = useState('');
  const [agreementIds, setAgreementIds] = useState<string[]>(() => {
    const given = params.get('agreementId');
    return given ? [given] : [];
  });
  const [leads, setLeads] = useState<string[]>([]);
  const [find, setFind] = useState('');
  const [areas, setAreas] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('JPY');
  const [proposedOn, setProposedOn] = useState(today());
  const ids = { title: useId(), agreementIds: useId(), leadPartnerIds: useId(), budget: useId() };

  const all = agreements.data ?? [];
  const chosen = all.filter((agreement) => agreementIds.includes(agreement.id));
  const parties = [...new Set(chosen.flatMap((agreement) => agreement.partyIds))];
  const partners = usePartners(parties);
  const shown = all.filter(
    (agreement) =>
      agreementIds.includes(agreement.id) || agreement.title.toLowerCase().includes(find.trim().toLowerCase()),
  );

  if (!can('alliance_manager')) {
    return (
      <section className="card">
        <h1 ref={heading} tabIndex={-1}>
          Propose a project
        </h1>
        <p>You don't have the role for this: proposing projects is for alliance managers.</p>
      </section>
    );
  }

  const code = submission.problem?.code;
  const errors =
    code && CODE_FIELDS[code] && !submission.errors[CODE_FIELDS[code]]
      ? { ...submission.errors, [CODE_FIELDS[code]]: explain(submission.problem!) }
      : submission.errors;

  const submit = async () => {
    const found: Record<string, string> = {};
    if (!title.trim()) found.title = 'Enter a title.';
    if (agreementIds.length === 0) found.agreementIds = 'Choose at least one agreement in force.';
    if (!(Number(amount) >= 0) || amount.trim() === '') found.budget = 'Enter the budget (0 if none yet).';
    if (!/^[A-Za-z]{3}$/.test(currency.trim())) found.budget = 'Enter a three-letter currency such as JPY.';
    if (Object.keys(found).length) return submission.fail(found);
    const result = await submission.run(() =>
      proposeProject({
        title: title.trim(),
        agreementIds,
        leadPartnerIds: leads.filter((lead) => parties.includes(lead)),
        technologyAreas: parseAreas(areas),
        budget: { amount: Number(amount), currency: currency.trim().toUpperCase() },
        proposedOn,
      }),
    );
    if (result) {
      invalidate(PROJECTS_KEY, 'dashboard:');
      announce(`${title.trim()} proposed; it starts in Generate.`);
      navigate(`/projects/${result.id}`);
    }
  };

  return (
    <div className="page narrow">
      <p className="back">
        <Link to="/projects">← Projects</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        Propose a project
      </h1>
      <form
        className="form"
        aria-label="Propose a project"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <FormErrors submission={{ ...submission, errors }} labels={LABELS} fieldIds={ids} />
        <TextField
          label="Title"
          id={ids.title}
          required
          maxLength={300}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          error={errors.title}
        />
        <fieldset
          className="fieldset"
          id={ids.agreementIds}
          tabIndex={-1}
          aria-describedby={`${ids.agreementIds}-hint`}
        >
          <legend>Agreements</legend>
          <p className="field-hint" id={`${ids.agreementIds}-hint`}>
            Only agreements in force (signed or active) are listed: a project runs under at least one.
          </p>
          {errors.agreementIds && <p className="field-error">{errors.agreementIds}</p>}
          <TextField
            label="Find an agreement"
            type="search"
            value={find}
            onChange={(event) => setFind(event.target.value)}
            placeholder="Part of the title…"
          />
          {agreements.status === 'error' ? (
            <p role="alert">
              {isApiError(agreements.error) ? explain(agreements.error.problem) : 'The agreements could not be loaded.'}
            </p>
          ) : !agreements.data ? (
            <p className="loading">Loading…</p>
          ) : all.length === 0 ? (
            <p className="empty">No agreement is signed or active yet. A project needs one.</p>
          ) : (
            <ul className="check-list">
              {shown.map((agreement) => (
                <li key={agreement.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={agreementIds.includes(agreement.id)}
                      onChange={(event) =>
                        setAgreementIds((current) =>
                          event.target.checked
                            ? [...current, agreement.id]
                            : current.filter((id) => id !== agreement.id),
                        )
                      }
                    />{' '}
                    {agreement.title}{' '}
                    <span className="muted">
                      ({typeLabel(agreement.type)}, {agreement.status}
                      {agreement.expiryDate ? `, until ${formatDay(agreement.expiryDate)}` : ''})
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <fieldset className="fieldset" id={ids.leadPartnerIds} tabIndex={-1}>
          <legend>Lead partners</legend>
          {errors.leadPartnerIds && <p className="field-error">{errors.leadPartnerIds}</p>}
          {parties.length === 0 ? (
            <p className="field-hint">Choose an agreement: its parties can lead the project.</p>
          ) : (
            <ul className="check-list">
              {parties.map((party) => (
                <li key={party}>
                  <label>
                    <input
                      type="checkbox"
                      checked={leads.includes(party)}
                      onChange={(event) =>
                        setLeads((current) =>
                          event.target.checked ? [...current, party] : current.filter((id) => id !== party),
                        )
                      }
                    />{' '}
                    {partyName(party, partners)}
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <TextField
          label="Technology areas"
          optional
          value={areas}
          onChange={(event) => setAreas(event.target.value)}
          error={errors.technologyAreas}
          hint="Separate with commas."
        />
        <div className="form-row">
          <TextField
            label="Budget"
            id={ids.budget}
            required
            inputMode="decimal"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            error={errors.budget}
          />
          <TextField
            label="Currency"
            required
            maxLength={3}
            size={4}
            value={currency}
            onChange={(event) => setCurrency(event.target.value.toUpperCase())}
          />
        </div>
        <DateField
          label="Proposed on"
          required
          value={proposedOn}
          onChange={(event) => setProposedOn(event.target.value)}
          error={errors.proposedOn}
          hint="The day it was proposed; earlier for a project logged after the fact."
        />
        <div className="actions">
          <button type="submit" className="button primary" disabled={submission.pending}>
            {submission.pending ? 'Saving…' : 'Propose project'}
          </button>
          <Link className="button" to="/projects">
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}
