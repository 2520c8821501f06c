import { useState, type ReactNode } from 'react';
import { invalidate, useResource } from '../../api/resource';
import { Link, usePageTitle } from '../../app/router';
import { useSession } from '../../app/session';
import { useLiveChanges } from '../../live';
import { Tags } from '../../ui/badge';
import { EmptyState } from '../../ui/empty-state';
import { formatDay, formatInstant, formatMoney, label, plural, today } from '../../ui/format';
import { useAnnounce } from '../../ui/status';
import { Table } from '../../ui/table';
import {
  AGREEMENTS_KEY,
  agreementHistoryKey,
  agreementKey,
  getAgreement,
  getAgreementHistory,
  type Agreement,
  type HistoryEntry,
} from './api';
import { ChangeDialogs, type ChangeAct } from './change-dialogs';
import { History, eventWords } from './history';
import { LifecycleDialog, Stepper, nextStep, type LifecycleAct } from './lifecycle';
import { Obligations } from './obligations';
import { ENDED, daysBetween, statusLabel, typeLabel } from './options';
import { Parties, SignDialog } from './parties';
import { partyName, usePartners } from './partner-names';
import { ReviseForm } from './revise-form';
import { RecordNotShown } from '../../ui/record-page';

/**
 * An agreement: its lifecycle as a stepper with the one next action the user's roles allow, the parties
 * and their signatures, the terms, funding, IP terms, obligations, amendments and history.
 */
export function AgreementPage({ id }: { id: string }) {
  const record = useResource(agreementKey(id), (signal) => getAgreement(id, signal));
  const history = useResource(agreementHistoryKey(id), (signal) => getAgreementHistory(id, signal));
  const agreement = record.data?.agreement;
  const heading = usePageTitle(agreement?.title ?? (record.status === 'error' ? 'Agreement' : ''));
  useLiveChanges([{ aggregate: 'agreement', id }], () => invalidate(agreementKey(id)));

  if (!agreement || !record.data) {
    return (
      <RecordNotShown
        kind="Agreement"
        back={{ to: '/agreements', label: 'Agreements' }}
        error={record.status === 'error' ? record.error : undefined}
        reload={record.reload}
        heading={heading}
      />
    );
  }
  return (
    <Loaded
      agreement={agreement}
      etag={record.data.etag}
      heading={heading}
      history={history.data}
      historyError={history.status === 'error' ? history.error : null}
    />
  );
}

type Open =
  { kind: 'lifecycle'; act: LifecycleAct } | { kind: 'change'; act: ChangeAct } | { kind: 'sign'; partyId: string };

function Loaded({
  agreement,
  etag,
  heading,
  history,
  historyError,
}: {
  agreement: Agreement;
  etag: string;
  heading: React.RefObject<HTMLHeadingElement | null>;
  history: HistoryEntry[] | undefined;
  historyError: unknown;
}) {
  const { can } = useSession();
  const announce = useAnnounce();
  const [open, setOpen] = useState<Open | null>(null);
  const [revising, setRevising] = useState(false);
  const partners = usePartners(agreement.partyIds);
  const name = (partyId: string) => partyName(partyId, partners);
  const ended = ENDED.includes(agreement.status);
  const inForce = agreement.status === 'signed' || agreement.status === 'active';
  const { step, waiting } = nextStep(agreement, can, name);

  const refresh = () =>
    invalidate(agreementKey(agreement.id), agreementHistoryKey(agreement.id), `${AGREEMENTS_KEY}list`, 'dashboard:');
  const close = () => setOpen(null);
  const done = (message: string) => {
    setOpen(null);
    refresh();
    announce(message);
  };

  const mayRevise = can('alliance_manager') && (agreement.status === 'draft' || agreement.status === 'in_negotiation');
  const mayAmend = can('alliance_manager', 'legal') && inForce;
  const mayRenew = mayAmend && agreement.expiryDate !== null;
  const mayTerminate = can('legal') && !ended;
  const daysLeft = agreement.expiryDate ? daysBetween(today(), agreement.expiryDate) : null;

  return (
    <div className="page agreement-page">
      <p className="back">
        <Link to="/agreements">← Agreements</Link>
      </p>
      <div className="page-head">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {agreement.title}
          </h1>
          <p className="badges">
            <span className={`badge status-${agreement.status}`}>{statusLabel(agreement.status)}</span>
            <span className="badge">{typeLabel(agreement.type)}</span>
            <span className="muted">
              {agreement.signatures
                .filter((s) => s.partyId !== 'company')
                .map((s) => name(s.partyId))
                .join(', ')}
            </span>
          </p>
        </div>
        <div className="page-actions">
          {mayRevise && !revising && (
            <button type="button" className="button" onClick={() => setRevising(true)}>
              Revise terms
            </button>
          )}
          {mayAmend && (
            <button type="button" className="button" onClick={() => setOpen({ kind: 'change', act: 'amend' })}>
              Amend
            </button>
          )}
          {mayRenew && (
            <button type="button" className="button" onClick={() => setOpen({ kind: 'change', act: 'renew' })}>
              Renew
            </button>
          )}
          {mayTerminate && (
            <button
              type="button"
              className="button danger"
              onClick={() => setOpen({ kind: 'change', act: 'terminate' })}
            >
              Terminate…
            </button>
          )}
        </div>
      </div>

      <Stepper agreement={agreement} />

      <section className="next-action" aria-labelledby="next-title">
        <h2 id="next-title" className="visually-hidden">
          Next step
        </h2>
        {step ? (
          <button
            type="button"
            className="button primary"
            onClick={() =>
              setOpen(
                step.act === 'sign' ? { kind: 'sign', partyId: step.partyId! } : { kind: 'lifecycle', act: step.act },
              )
            }
          >
            {step.label}
          </button>
        ) : null}
        {agreement.status === 'draft' && can('alliance_manager') && (
          <button type="button" className="button" onClick={() => setOpen({ kind: 'lifecycle', act: 'submit' })}>
            Submit for review
          </button>
        )}
        {waiting && <p className="muted">{waiting}</p>}
        {ended && (
          <p className="muted">
            {statusLabel(agreement.status)}
            {agreement.endedOn ? ` on ${formatDay(agreement.endedOn)}` : ''}. Nothing more can change on it.
          </p>
        )}
        {inForce && daysLeft !== null && daysLeft >= 0 && daysLeft <= 90 && (
          <p className={`days ${daysLeft <= 30 ? 'urgent' : 'soon'}`}>
            Expires in {plural(daysLeft, 'day', 'days')}
            {agreement.autoRenew ? ' (renews automatically)' : ''}; notice period {agreement.noticePeriodDays} days.
          </p>
        )}
      </section>

      <div className="grid">
        <Parties agreement={agreement} onSign={(partyId) => setOpen({ kind: 'sign', partyId })} />
        {revising ? (
          <section className="card wide" aria-labelledby="revise-title">
            <h2 id="revise-title">Revise terms</h2>
            <ReviseForm
              agreement={agreement}
              etag={etag}
              onCancel={() => setRevising(false)}
              onSaved={() => {
                setRevising(false);
                refresh();
                announce('Terms saved.');
              }}
            />
          </section>
        ) : (
          <Terms agreement={agreement} />
        )}
        <Funding agreement={agreement} />
        <IpTermsCard agreement={agreement} />
        <Obligations agreement={agreement} etag={etag} onDone={(message) => done(message)} onStale={refresh} />
        <Amendments agreement={agreement} />
        <History entries={history} error={historyError} describe={(entry) => describeAgreementEvent(entry, name)} />
      </div>

      <LifecycleDialog
        agreement={agreement}
        etag={etag}
        act={open?.kind === 'lifecycle' ? open.act : null}
        onClose={close}
        onDone={done}
        onStale={refresh}
      />
      <SignDialog
        agreement={agreement}
        etag={etag}
        partyId={open?.kind === 'sign' ? open.partyId : null}
        onClose={close}
        onDone={done}
        onStale={refresh}
      />
      <ChangeDialogs
        agreement={agreement}
        etag={etag}
        act={open?.kind === 'change' ? open.act : null}
        onClose={close}
        onDone={done}
        onStale={refresh}
      />
    </div>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="profile">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Terms({ agreement }: { agreement: Agreement }) {
  return (
    <section className="card" aria-labelledby="terms-title">
      <h2 id="terms-title">Terms</h2>
      <Facts
        rows={[
          ['Type', typeLabel(agreement.type)],
          ['Purpose', agreement.purpose ?? '—'],
          ['Effective date', formatDay(agreement.effectiveDate)],
          ['Expiry date', agreement.expiryDate ? formatDay(agreement.expiryDate) : 'Open-ended'],
          ['Renews automatically', agreement.autoRenew ? 'Yes' : 'No'],
          ['Notice period', `${agreement.noticePeriodDays} days`],
          ['Renewals', String(agreement.renewals)],
          ['Owner', agreement.ownerId],
          [
            'Parent agreement',
            agreement.parentAgreementId ? (
              <Link to={`/agreements/${agreement.parentAgreementId}`}>Open the parent agreement</Link>
            ) : (
              '—'
            ),
          ],
          ['Technology areas', <Tags values={agreement.technologyAreas} />],
          ['Drafted on', formatDay(agreement.draftedOn)],
          ['Approved on', formatDay(agreement.approvedOn)],
          ['Fully executed on', formatDay(agreement.executedOn)],
          ['In force since', formatDay(agreement.activatedOn)],
          ['Ended on', formatDay(agreement.endedOn)],
          ['Last recorded change', formatInstant(agreement.updatedAt)],
        ]}
      />
    </section>
  );
}

function Funding({ agreement }: { agreement: Agreement }) {
  return (
    <section className="card" aria-labelledby="funding-title">
      <h2 id="funding-title">Funding</h2>
      <Table
        caption="Funding"
        rows={agreement.funding.map((line, index) => ({ ...line, index }))}
        rowKey={(row) => String(row.index)}
        empty={<EmptyState title="No funding lines." />}
        columns={[
          { key: 'direction', header: 'Direction', rowHeader: true, cell: (row) => label(row.direction) },
          { key: 'amount', header: 'Amount', numeric: true, cell: (row) => formatMoney(row.amount, row.currency) },
          { key: 'schedule', header: 'Schedule', cell: (row) => row.schedule ?? '—' },
        ]}
      />
    </section>
  );
}

function IpTermsCard({ agreement }: { agreement: Agreement }) {
  const ip = agreement.ipTerms;
  return (
    <section className="card" aria-labelledby="ip-title">
      <h2 id="ip-title">IP terms</h2>
      {ip && ip.foregroundOwnership ? (
        <Facts
          rows={[
            ['Foreground IP owned by', label(ip.foregroundOwnership)],
            ['Publication review', `${ip.publicationReviewDays} days`],
            ['Background IP listed', ip.backgroundIpListed ? 'Yes' : 'No'],
          ]}
        />
      ) : (
        <p className="empty">No IP terms recorded.</p>
      )}
    </section>
  );
}

function Amendments({ agreement }: { agreement: Agreement }) {
  const list = [...agreement.amendments].sort((a, b) => a.amendment - b.amendment);
  return (
    <section className="card" aria-labelledby="amendments-title">
      <h2 id="amendments-title">Amendments</h2>
      {list.length === 0 ? (
        <p className="empty">No amendments.</p>
      ) : (
        <ol className="amendments">
          {list.map((amendment) => (
            <li key={amendment.amendment}>
              <strong>Amendment {amendment.amendment}</strong>
              <span>{amendment.summary}</span>
              <span className="muted">
                Effective {formatDay(amendment.effectiveOn)} · recorded {formatInstant(amendment.amendedAt)}
                {Object.keys(amendment.changes ?? {}).length > 0 &&
                  ` · changed ${Object.keys(amendment.changes)
                    .map((key) => key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())
                    .join(', ')}`}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** An agreement event in words: "Signed by University of Tokyo", "Amendment 2: ...". */
export function describeAgreementEvent(
  entry: { type: string; data: Record<string, unknown> },
  name: (partyId: string) => string,
): string {
  const data = entry.data;
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
  switch (entry.type) {
    case 'AgreementDrafted':
      return 'Drafted';
    case 'AgreementTermsRevised':
      return `Terms revised${data.changes && typeof data.changes === 'object' ? `: ${Object.keys(data.changes).join(', ')}` : ''}`;
    case 'AgreementNegotiationStarted':
      return 'Negotiation started';
    case 'AgreementSubmittedForReview':
      return 'Submitted for legal and IP review';
    case 'AgreementApproved':
      return `Approved${data.approvedBy ? ` by ${text(data.approvedBy).replace(/^user:/, '')}` : ''}`;
    case 'AgreementSignedByParty':
      return `Signed by ${name(text(data.partyId))}`;
    case 'AgreementFullyExecuted':
      return 'Fully executed: every party has signed';
    case 'AgreementActivated':
      return 'Came into force';
    case 'AgreementAmended':
      return `Amendment ${text(data.amendment)}: ${text(data.summary)}`;
    case 'AgreementRenewalWindowOpened':
      return `Renewal window opened (${text(data.daysBeforeExpiry)} days before expiry)`;
    case 'AgreementRenewed':
      return `Renewed until ${formatDay(text(data.newExpiryDate))}${data.automatic ? ' (automatically)' : ''}`;
    case 'AgreementExpired':
      return 'Expired';
    case 'AgreementTerminated':
      return `Terminated: ${text(data.reason)}`;
    case 'ObligationAdded':
      return `Obligation added: ${text(data.description)} (due ${formatDay(text(data.dueDate))})`;
    case 'ObligationMet':
      return 'Obligation met';
    case 'ObligationWaived':
      return `Obligation waived: ${text(data.reason)}`;
    case 'ObligationOverdue':
      return `Obligation overdue (due ${formatDay(text(data.dueDate))})`;
    default:
      return eventWords(entry.type, /^Agreement/);
  }
}
