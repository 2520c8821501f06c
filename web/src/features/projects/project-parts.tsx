import { useState } from 'react';
import { useSession } from '../../app/session';
import { EmptyState } from '../../ui/empty-state';
import { DateField, Select, TextField } from '../../ui/field';
import { formatDay, formatMoney, label, today } from '../../ui/format';
import { Table } from '../../ui/table';
import { useSubmit } from '../../ui/use-submit';
import { ActDialog } from '../agreements/act-dialog';
import {
  commitBudget,
  completeMilestone,
  planMilestone,
  recordOutcome,
  recordSpend,
  type Milestone,
  type Outcome,
  type OutcomeKind,
  type Project,
} from './api';
import { OUTCOME_KINDS } from '../../api/enums';
import { CLOSED } from './options';

interface PartProps {
  project: Project;
  etag: string;
  onDone: (message: string) => void;
  onStale: () => void;
}

const useManage = (project: Project) => {
  const { can } = useSession();
  return can('alliance_manager') && !CLOSED.includes(project.status);
};

/* Milestones */

export function Milestones({ project, etag, onDone, onStale }: PartProps) {
  const manage = useManage(project);
  const [planning, setPlanning] = useState(false);
  const [completing, setCompleting] = useState<Milestone | null>(null);
  const rows = [...project.milestones].sort((a, b) => a.plannedDate.localeCompare(b.plannedDate));
  const done = (message: string) => {
    setPlanning(false);
    setCompleting(null);
    onDone(message);
  };
  return (
    <section className="card wide" aria-labelledby="milestones-title">
      <div className="card-head">
        <h2 id="milestones-title">Milestones</h2>
        {manage && (
          <button type="button" className="button" onClick={() => setPlanning(true)}>
            Plan a milestone
          </button>
        )}
      </div>
      <Table
        caption="Milestones"
        rows={rows}
        rowKey={(row) => row.id}
        empty={<EmptyState title="No milestones planned yet." />}
        columns={[
          { key: 'name', header: 'Milestone', rowHeader: true, cell: (row) => row.name },
          {
            key: 'planned',
            header: 'Planned',
            cell: (row) =>
              !row.completed && row.plannedDate < today() ? (
                <span className="overdue">
                  {formatDay(row.plannedDate)} <strong>late</strong>
                </span>
              ) : (
                formatDay(row.plannedDate)
              ),
          },
          { key: 'actual', header: 'Completed on', cell: (row) => formatDay(row.actualDate) },
          { key: 'evidence', header: 'Evidence', cell: (row) => row.evidence ?? '—' },
          {
            key: 'actions',
            header: 'Actions',
            cell: (row) =>
              manage && !row.completed ? (
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Complete ${row.name}`}
                  onClick={() => setCompleting(row)}
                >
                  Complete
                </button>
              ) : (
                <span className="muted">—</span>
              ),
          },
        ]}
      />
      <PlanMilestoneDialog
        project={project}
        etag={etag}
        open={planning}
        onClose={() => setPlanning(false)}
        onDone={done}
        onStale={onStale}
      />
      <CompleteMilestoneDialog
        project={project}
        etag={etag}
        milestone={completing}
        onClose={() => setCompleting(null)}
        onDone={done}
        onStale={onStale}
      />
    </section>
  );
}

function PlanMilestoneDialog({
  project,
  etag,
  open,
  onClose,
  onDone,
  onStale,
}: PartProps & { open: boolean; onClose: () => void }) {
  const labels = { name: 'Name', plannedDate: 'Planned date' };
  const [name, setName] = useState('');
  const [plannedDate, setPlannedDate] = useState('');
  const submission = useSubmit(labels);
  const confirm = async () => {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Name the milestone.';
    if (!plannedDate) found.plannedDate = 'Enter the planned date.';
    if (Object.keys(found).length) return submission.fail(found);
    const result = await submission.run(() => planMilestone(project.id, etag, name.trim(), plannedDate));
    if (result) {
      setName('');
      setPlannedDate('');
      onDone(`Milestone planned for ${formatDay(plannedDate)}.`);
    } else onStale();
  };
  return (
    <ActDialog
      open={open}
      title="Plan a milestone"
      confirmLabel="Plan milestone"
      submission={submission}
      labels={labels}
      onCancel={onClose}
      onSubmit={() => void confirm()}
    >
      <TextField
        label="Name"
        required
        maxLength={300}
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={submission.errors.name}
      />
      <DateField
        label="Planned date"
        required
        notFuture={false}
        value={plannedDate}
        onChange={(event) => setPlannedDate(event.target.value)}
        error={submission.errors.plannedDate}
      />
    </ActDialog>
  );
}

function CompleteMilestoneDialog({
  project,
  etag,
  milestone,
  onClose,
  onDone,
  onStale,
}: PartProps & { milestone: Milestone | null; onClose: () => void }) {
  const labels = { actualDate: 'Completed on', evidence: 'Evidence' };
  const [actualDate, setActualDate] = useState(today());
  const [evidence, setEvidence] = useState('');
  const submission = useSubmit(labels);
  const confirm = async () => {
    if (!milestone) return;
    const result = await submission.run(() =>
      completeMilestone(project.id, milestone.id, etag, actualDate, evidence.trim()),
    );
    if (result) {
      setEvidence('');
      onDone(`${milestone.name} completed on ${formatDay(actualDate)}.`);
    } else onStale();
  };
  return (
    <ActDialog
      open={milestone !== null}
      title={`Complete: ${milestone?.name ?? ''}`}
      confirmLabel="Complete milestone"
      submission={submission}
      labels={labels}
      onCancel={onClose}
      onSubmit={() => void confirm()}
    >
      <p>Planned for {formatDay(milestone?.plannedDate)}.</p>
      <DateField
        label="Completed on"
        required
        min={project.proposedOn}
        value={actualDate}
        onChange={(event) => setActualDate(event.target.value)}
        error={submission.errors.actualDate}
      />
      <TextField
        label="Evidence"
        optional
        maxLength={2000}
        value={evidence}
        onChange={(event) => setEvidence(event.target.value)}
        error={submission.errors.evidence}
        hint="A report, a demo, a document reference."
      />
    </ActDialog>
  );
}

/* Budget and spend */

export function Budget({ project, etag, onDone, onStale }: PartProps) {
  const manage = useManage(project);
  const [open, setOpen] = useState<'spend' | 'commit' | null>(null);
  const { amount, currency } = project.budget;
  const share = amount > 0 ? project.spent / amount : project.spent > 0 ? 2 : 0;
  const over = project.overBudget || project.spent > amount;
  const done = (message: string) => {
    setOpen(null);
    onDone(message);
  };
  return (
    <section className="card" aria-labelledby="budget-title">
      <div className="card-head">
        <h2 id="budget-title">Budget and spend</h2>
        {manage && (
          <span className="row-actions">
            <button type="button" className="button" onClick={() => setOpen('spend')}>
              Record spend
            </button>
            <button type="button" className="button" onClick={() => setOpen('commit')}>
              Commit budget
            </button>
          </span>
        )}
      </div>
      <p className={over ? 'over-budget' : undefined}>
        <strong>{formatMoney(project.spent, currency)}</strong> spent of {formatMoney(amount, currency)}
        {amount > 0 && ` (${Math.round((project.spent / amount) * 100)}%)`}
        {over && (
          <>
            {' '}
            <strong>over budget by {formatMoney(project.spent - amount, currency)}</strong>
          </>
        )}
      </p>
      <div
        className={`budget-bar${over ? ' over' : ''}`}
        role="meter"
        aria-label="Budget spent"
        aria-valuemin={0}
        aria-valuemax={Math.max(amount, project.spent)}
        aria-valuenow={project.spent}
        aria-valuetext={`${formatMoney(project.spent, currency)} of ${formatMoney(amount, currency)}${over ? ', over budget' : ''}`}
      >
        <span className="budget-fill" style={{ width: `${Math.min(100, Math.round(share * 100))}%` }} />
      </div>
      <MoneyDialog
        project={project}
        etag={etag}
        kind={open}
        onClose={() => setOpen(null)}
        onDone={done}
        onStale={onStale}
      />
    </section>
  );
}

function MoneyDialog({
  project,
  etag,
  kind,
  onClose,
  onDone,
  onStale,
}: PartProps & { kind: 'spend' | 'commit' | null; onClose: () => void }) {
  const spend = kind === 'spend';
  const labels = {
    amount: 'Amount',
    currency: 'Currency',
    description: 'Description',
    spentOn: 'Spent on',
    committedOn: 'Committed on',
  };
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [date, setDate] = useState(today());
  const submission = useSubmit(labels);
  const { currency } = project.budget;
  const confirm = async () => {
    const found: Record<string, string> = {};
    if (!(Number(amount) > 0)) found.amount = 'Enter an amount above zero.';
    if (spend && !description.trim()) found.description = 'Say what it was spent on.';
    if (Object.keys(found).length) return submission.fail(found);
    const result = await submission.run(() =>
      spend
        ? recordSpend(project.id, etag, {
            amount: Number(amount),
            currency,
            description: description.trim(),
            spentOn: date,
          })
        : commitBudget(project.id, etag, { amount: Number(amount), currency, committedOn: date }),
    );
    if (result) {
      setAmount('');
      setDescription('');
      onDone(
        spend
          ? `Spend of ${formatMoney(Number(amount), currency)} recorded.`
          : `${formatMoney(Number(amount), currency)} more budget committed.`,
      );
    } else onStale();
  };
  return (
    <ActDialog
      open={kind !== null}
      title={spend ? 'Record spend' : 'Commit more budget'}
      confirmLabel={spend ? 'Record spend' : 'Commit budget'}
      submission={submission}
      labels={labels}
      onCancel={onClose}
      onSubmit={() => void confirm()}
    >
      <TextField
        label={`Amount (${currency})`}
        required
        inputMode="decimal"
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
        error={submission.errors.amount ?? submission.errors.currency}
        hint={spend ? 'Spend past the budget is allowed, and flagged.' : undefined}
      />
      {spend && (
        <TextField
          label="Description"
          required
          maxLength={500}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          error={submission.errors.description}
        />
      )}
      <DateField
        label={spend ? 'Spent on' : 'Committed on'}
        required
        min={project.proposedOn}
        value={date}
        onChange={(event) => setDate(event.target.value)}
        error={submission.errors[spend ? 'spentOn' : 'committedOn']}
      />
    </ActDialog>
  );
}

/* Outcomes */

/**
 * Outcomes: each invention disclosure → patent filing → grant shown as a chain (a grant refers to its
 * filing), then publications, proofs of concept, launches, contributions and spin-outs.
 */
export function Outcomes({ project, etag, onDone, onStale }: PartProps) {
  const { can } = useSession();
  // Only open projects take outcomes (the service refuses them on a closed one).
  const manage = can('alliance_manager') && !CLOSED.includes(project.status);
  const [open, setOpen] = useState<{ kind: OutcomeKind; relatesTo?: string } | null>(null);
  const filings = project.outcomes.filter((outcome) => outcome.kind === 'patent_filed');
  const grants = project.outcomes.filter((outcome) => outcome.kind === 'patent_granted');
  const disclosures = project.outcomes.filter((outcome) => outcome.kind === 'invention_disclosure');
  const others = project.outcomes.filter(
    (outcome) => !['patent_filed', 'patent_granted', 'invention_disclosure'].includes(outcome.kind),
  );
  const done = (message: string) => {
    setOpen(null);
    onDone(message);
  };
  return (
    <section className="card" aria-labelledby="outcomes-title">
      <div className="card-head">
        <h2 id="outcomes-title">Outcomes</h2>
        {manage && (
          <button type="button" className="button" onClick={() => setOpen({ kind: 'invention_disclosure' })}>
            Record an outcome
          </button>
        )}
      </div>
      {project.outcomes.length === 0 ? (
        <p className="empty">No outcomes yet: disclosures, patents, publications, launches, spin-outs.</p>
      ) : (
        <>
          {(disclosures.length > 0 || filings.length > 0) && (
            <>
              <h3>Patents</h3>
              <ol className="ip-chains">
                {disclosures.map((disclosure) => (
                  <li key={disclosure.id} className="ip-chain">
                    <OutcomeStep outcome={disclosure} />
                  </li>
                ))}
                {filings.map((filing) => {
                  const grant = grants.find((g) => g.relatesTo === filing.id);
                  return (
                    <li key={filing.id} className="ip-chain">
                      <OutcomeStep outcome={filing} />
                      <span aria-hidden="true" className="chain-arrow">
                        →
                      </span>
                      {grant ? (
                        <OutcomeStep outcome={grant} />
                      ) : manage ? (
                        <button
                          type="button"
                          className="link-button"
                          aria-label={`Record the grant of ${filing.title}`}
                          onClick={() => setOpen({ kind: 'patent_granted', relatesTo: filing.id })}
                        >
                          Record the grant
                        </button>
                      ) : (
                        <span className="muted">Not granted yet</span>
                      )}
                    </li>
                  );
                })}
              </ol>
            </>
          )}
          {others.length > 0 && (
            <>
              <h3>Other outcomes</h3>
              <ul className="ip-chains">
                {others.map((outcome) => (
                  <li key={outcome.id}>
                    <OutcomeStep outcome={outcome} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <OutcomeDialog
        project={project}
        etag={etag}
        initial={open}
        onClose={() => setOpen(null)}
        onDone={done}
        onStale={onStale}
      />
    </section>
  );
}

function OutcomeStep({ outcome }: { outcome: Outcome }) {
  return (
    <span className="outcome-step">
      <span className={`badge kind-${outcome.kind}`}>{label(outcome.kind)}</span> {outcome.title}
      <span className="muted">
        {' '}
        · {formatDay(outcome.occurredOn)}
        {outcome.patent && ` · ${outcome.patent.jurisdiction} ${outcome.patent.applicationNumber}`}
        {outcome.spinOutCompany && ` · ${outcome.spinOutCompany}`}
      </span>
    </span>
  );
}

function OutcomeDialog({
  project,
  etag,
  initial,
  onClose,
  onDone,
  onStale,
}: PartProps & { initial: { kind: OutcomeKind; relatesTo?: string } | null; onClose: () => void }) {
  const labels = {
    kind: 'Kind',
    title: 'Title',
    occurredOn: 'Happened on',
    patent: 'Patent',
    jurisdiction: 'Patent office',
    applicationNumber: 'Application number',
    relatesTo: 'Filing it grants',
    spinOutCompany: 'Spin-out company',
  };
  const [kind, setKind] = useState<OutcomeKind>('invention_disclosure');
  const [title, setTitle] = useState('');
  const [occurredOn, setOccurredOn] = useState(today());
  const [jurisdiction, setJurisdiction] = useState('');
  const [applicationNumber, setApplicationNumber] = useState('');
  const [relatesTo, setRelatesTo] = useState('');
  const [company, setCompany] = useState('');
  const [opened, setOpened] = useState<typeof initial>(null);
  const submission = useSubmit(labels);
  if (initial !== opened) {
    // A new opening: start from what the button asked for (a grant of this filing, or a disclosure).
    setOpened(initial);
    if (initial) {
      setKind(initial.kind);
      setRelatesTo(initial.relatesTo ?? '');
    }
  }
  const filings = project.outcomes.filter((outcome) => outcome.kind === 'patent_filed');
  const confirm = async () => {
    const found: Record<string, string> = {};
    if (!title.trim()) found.title = 'Enter a title.';
    if (kind === 'patent_filed' && (!/^[A-Za-z]{2}$/.test(jurisdiction.trim()) || !applicationNumber.trim()))
      found.patent = 'A patent filing needs its patent office (two letters: JP, EP, WO) and application number.';
    if (kind === 'patent_granted' && !relatesTo) found.relatesTo = 'Choose the filing this grant is for.';
    if (kind === 'spin_out' && !company.trim()) found.spinOutCompany = 'Name the spin-out company.';
    if (Object.keys(found).length) return submission.fail(found);
    const result = await submission.run(() =>
      recordOutcome(project.id, etag, {
        kind,
        title: title.trim(),
        occurredOn,
        ...(kind === 'patent_filed' && {
          patent: { jurisdiction: jurisdiction.trim().toUpperCase(), applicationNumber: applicationNumber.trim() },
        }),
        ...(kind === 'patent_granted' && { relatesTo }),
        ...(kind === 'spin_out' && { spinOutCompany: company.trim() }),
      }),
    );
    if (result) {
      setTitle('');
      setJurisdiction('');
      setApplicationNumber('');
      setCompany('');
      onDone(`${label(kind)} recorded.`);
    } else onStale();
  };
  return (
    <ActDialog
      open={initial !== null}
      title="Record an outcome"
      confirmLabel="Record outcome"
      submission={submission}
      labels={labels}
      onCancel={onClose}
      onSubmit={() => void confirm()}
    >
      <Select
        label="Kind"
        value={kind}
        options={OUTCOME_KINDS.map((value) => ({ value, label: label(value) }))}
        onChange={(event) => setKind(event.target.value as OutcomeKind)}
        error={submission.errors.kind}
      />
      {kind === 'spin_out' && (
        <p className="notice">A spin-out closes the project: nothing more can be recorded on it afterwards.</p>
      )}
      <TextField
        label="Title"
        required
        maxLength={500}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        error={submission.errors.title}
      />
      <DateField
        label="Happened on"
        required
        min={project.proposedOn}
        value={occurredOn}
        onChange={(event) => setOccurredOn(event.target.value)}
        error={submission.errors.occurredOn}
      />
      {kind === 'patent_filed' && (
        <div className="form-row">
          <TextField
            label="Patent office"
            required
            maxLength={2}
            size={4}
            value={jurisdiction}
            onChange={(event) => setJurisdiction(event.target.value.toUpperCase())}
            error={submission.errors.patent}
            hint="JP, US, EP, WO…"
          />
          <TextField
            label="Application number"
            required
            maxLength={50}
            value={applicationNumber}
            onChange={(event) => setApplicationNumber(event.target.value)}
          />
        </div>
      )}
      {kind === 'patent_granted' && (
        <Select
          label="Filing it grants"
          required
          value={relatesTo}
          placeholder={filings.length ? 'Choose…' : 'Record the filing first'}
          options={filings.map((filing) => ({
            value: filing.id,
            label: `${filing.title}${filing.patent ? ` (${filing.patent.jurisdiction} ${filing.patent.applicationNumber})` : ''}`,
          }))}
          onChange={(event) => setRelatesTo(event.target.value)}
          error={submission.errors.relatesTo}
        />
      )}
      {kind === 'spin_out' && (
        <TextField
          label="Spin-out company"
          required
          maxLength={200}
          value={company}
          onChange={(event) => setCompany(event.target.value)}
          error={submission.errors.spinOutCompany}
        />
      )}
    </ActDialog>
  );
}
