import { useState } from 'react';
import { useSession } from '../../app/session';
import { EmptyState } from '../../ui/empty-state';
import { DateField, options, Select, TextField } from '../../ui/field';
import { formatDay, label, today } from '../../ui/format';
import { Table } from '../../ui/table';
import { useSubmit } from '../../ui/use-submit';
import { ActDialog } from './act-dialog';
import {
  addObligation,
  meetObligation,
  waiveObligation,
  type Agreement,
  type Obligation,
  type ObligationKind,
} from './api';
import { OBLIGATION_KINDS } from '../../api/enums';
import { ENDED } from './options';

type Editing = { mode: 'add' } | { mode: 'meet' | 'waive'; obligation: Obligation } | null;

/** Overdue: marked so by the scheduler, or open past its due date (the scheduler may not have run yet). */
const isOverdue = (obligation: Obligation) =>
  obligation.status === 'overdue' || (obligation.status === 'open' && obligation.dueDate < today());

/** The agreement's obligations (reports, payments, evidence...): add, mark met, waive; overdue in red. */
export function Obligations({
  agreement,
  etag,
  onDone,
  onStale,
}: {
  agreement: Agreement;
  etag: string;
  onDone: (message: string) => void;
  onStale: () => void;
}) {
  const { can } = useSession();
  const [editing, setEditing] = useState<Editing>(null);
  const manage = can('alliance_manager', 'legal');
  const ended = ENDED.includes(agreement.status);
  const rows = [...agreement.obligations].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const close = () => setEditing(null);
  const done = (message: string) => {
    setEditing(null);
    onDone(message);
  };

  return (
    <section className="card wide" aria-labelledby="obligations-title">
      <div className="card-head">
        <h2 id="obligations-title">Obligations</h2>
        {manage && !ended && (
          <button type="button" className="button" onClick={() => setEditing({ mode: 'add' })}>
            Add an obligation
          </button>
        )}
      </div>
      <Table
        caption="Obligations"
        rows={rows}
        rowKey={(row) => row.id}
        className="obligations"
        empty={
          <EmptyState title="No obligations yet.">
            {manage && !ended && <p>Add the reports, payments and reviews this agreement commits to.</p>}
          </EmptyState>
        }
        columns={[
          { key: 'description', header: 'Obligation', rowHeader: true, cell: (row) => row.description },
          { key: 'kind', header: 'Kind', cell: (row) => label(row.kind) },
          {
            key: 'due',
            header: 'Due',
            cell: (row) =>
              isOverdue(row) ? (
                <span className="overdue">
                  {formatDay(row.dueDate)} <strong>overdue</strong>
                </span>
              ) : (
                formatDay(row.dueDate)
              ),
          },
          {
            key: 'status',
            header: 'Status',
            cell: (row) => {
              const status = isOverdue(row) ? 'overdue' : row.status;
              return <span className={`badge obligation-${status}`}>{label(status)}</span>;
            },
          },
          {
            key: 'closed',
            header: 'Met or waived on',
            cell: (row) => (row.closedOn ? formatDay(row.closedOn) : '—'),
          },
          {
            key: 'actions',
            header: 'Actions',
            cell: (row) =>
              manage && (row.status === 'open' || row.status === 'overdue') ? (
                <span className="row-actions">
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Mark met: ${row.description}`}
                    onClick={() => setEditing({ mode: 'meet', obligation: row })}
                  >
                    Mark met
                  </button>
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Waive: ${row.description}`}
                    onClick={() => setEditing({ mode: 'waive', obligation: row })}
                  >
                    Waive
                  </button>
                </span>
              ) : (
                <span className="muted">—</span>
              ),
          },
        ]}
      />
      <AddObligationDialog
        agreement={agreement}
        etag={etag}
        open={editing?.mode === 'add'}
        onClose={close}
        onDone={done}
        onStale={onStale}
      />
      <CloseObligationDialog
        agreement={agreement}
        etag={etag}
        editing={editing && editing.mode !== 'add' ? editing : null}
        onClose={close}
        onDone={done}
        onStale={onStale}
      />
    </section>
  );
}

function AddObligationDialog({
  agreement,
  etag,
  open,
  onClose,
  onDone,
  onStale,
}: {
  agreement: Agreement;
  etag: string;
  open: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
  onStale: () => void;
}) {
  const labels = { kind: 'Kind', description: 'Description', dueDate: 'Due date' };
  const [kind, setKind] = useState<ObligationKind>('report');
  const [description, setDescription] = useState('');
  const [dueDate, setDueDate] = useState('');
  const submission = useSubmit(labels);
  const confirm = async () => {
    const found: Record<string, string> = {};
    if (!description.trim()) found.description = 'Describe the obligation.';
    if (!dueDate) found.dueDate = 'Enter the due date.';
    if (Object.keys(found).length) return submission.fail(found);
    const result = await submission.run(() =>
      addObligation(agreement.id, etag, { kind, description: description.trim(), dueDate }),
    );
    if (result) {
      setDescription('');
      setDueDate('');
      onDone(`Obligation added, due ${formatDay(dueDate)}.`);
    } else onStale();
  };
  return (
    <ActDialog
      open={open}
      title="Add an obligation"
      confirmLabel="Add obligation"
      submission={submission}
      labels={labels}
      onCancel={onClose}
      onSubmit={() => void confirm()}
    >
      <Select
        label="Kind"
        value={kind}
        options={options(OBLIGATION_KINDS)}
        onChange={(event) => setKind(event.target.value as ObligationKind)}
        error={submission.errors.kind}
      />
      <TextField
        label="Description"
        required
        maxLength={500}
        value={description}
        onChange={(event) => setDescription(event.target.value)}
        error={submission.errors.description}
        placeholder="Annual joint research report"
      />
      <DateField
        label="Due date"
        required
        notFuture={false}
        value={dueDate}
        onChange={(event) => setDueDate(event.target.value)}
        error={submission.errors.dueDate}
      />
    </ActDialog>
  );
}

function CloseObligationDialog({
  agreement,
  etag,
  editing,
  onClose,
  onDone,
  onStale,
}: {
  agreement: Agreement;
  etag: string;
  editing: { mode: 'meet' | 'waive'; obligation: Obligation } | null;
  onClose: () => void;
  onDone: (message: string) => void;
  onStale: () => void;
}) {
  const waive = editing?.mode === 'waive';
  const labels = { metOn: 'Met on', waivedOn: 'Waived on', reason: 'Reason' };
  const [date, setDate] = useState(today());
  const [reason, setReason] = useState('');
  const submission = useSubmit(labels);
  const confirm = async () => {
    if (!editing) return;
    const { obligation } = editing;
    if (waive && !reason.trim()) return submission.fail({ reason: 'Say why it is waived.' });
    const result = await submission.run(() =>
      waive
        ? waiveObligation(agreement.id, obligation.id, etag, reason.trim(), date)
        : meetObligation(agreement.id, obligation.id, etag, date),
    );
    if (result) {
      setReason('');
      onDone(waive ? `Obligation waived as of ${formatDay(date)}.` : `Obligation met on ${formatDay(date)}.`);
    } else onStale();
  };
  return (
    <ActDialog
      open={editing !== null}
      title={waive ? 'Waive this obligation' : 'Mark this obligation met'}
      confirmLabel={waive ? 'Waive obligation' : 'Mark met'}
      submission={submission}
      labels={labels}
      onCancel={onClose}
      onSubmit={() => void confirm()}
    >
      <p>
        {editing?.obligation.description} (due {formatDay(editing?.obligation.dueDate)})
      </p>
      <DateField
        label={waive ? 'Waived on' : 'Met on'}
        required
        value={date}
        onChange={(event) => setDate(event.target.value)}
        error={submission.errors[waive ? 'waivedOn' : 'metOn']}
      />
      {waive && (
        <TextField
          label="Reason"
          required
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          error={submission.errors.reason}
        />
      )}
    </ActDialog>
  );
}
