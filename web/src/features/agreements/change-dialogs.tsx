import { useEffect, useState } from 'react';
import { Checkbox, DateField, TextField } from '../../ui/field';
import { formatDay, parseAreas, today } from '../../ui/format';
import { useSubmit } from '../../ui/use-submit';
import { ActDialog } from './act-dialog';
import { amendAgreement, renewAgreement, terminateAgreement, type Agreement, type AmendBody } from './api';

export type ChangeAct = 'amend' | 'renew' | 'terminate';

interface Props {
  agreement: Agreement;
  etag: string;
  act: ChangeAct | null;
  onClose: () => void;
  onDone: (message: string) => void;
  onStale: () => void;
}

export function ChangeDialogs(props: Props) {
  return (
    <>
      <AmendDialog {...props} />
      <RenewDialog {...props} />
      <TerminateDialog {...props} />
    </>
  );
}

/**
 * Amend a signed agreement: a numbered amendment with a summary, the day it took effect, and the terms
 * it changes (only those the user changes are sent).
 */
function AmendDialog({ agreement, etag, act, onClose, onDone, onStale }: Props) {
  const labels = {
    summary: 'Summary',
    effectiveOn: 'Effective on',
    changes: 'Changes',
    expiryDate: 'New expiry date',
    noticePeriodDays: 'Notice period (days)',
    purpose: 'Purpose',
    technologyAreas: 'Technology areas',
  };
  const initial = () => ({
    summary: '',
    effectiveOn: today(),
    expiryDate: agreement.expiryDate ?? '',
    autoRenew: agreement.autoRenew,
    noticePeriodDays: String(agreement.noticePeriodDays),
    purpose: agreement.purpose ?? '',
    technologyAreas: agreement.technologyAreas.join(', '),
  });
  const [values, setValues] = useState(initial);
  const submission = useSubmit(labels);
  const open = act === 'amend';
  useEffect(() => {
    if (open) setValues(initial());
    // A fresh form each time it opens, from the terms as they are now.
  }, [open]);
  const set = (key: keyof ReturnType<typeof initial>) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [key]: event.target.value }));

  const confirm = async () => {
    const changes: AmendBody['changes'] = {};
    if (values.expiryDate !== (agreement.expiryDate ?? '')) changes.expiryDate = values.expiryDate || null;
    if (values.autoRenew !== agreement.autoRenew) changes.autoRenew = values.autoRenew;
    if (values.noticePeriodDays.trim() !== String(agreement.noticePeriodDays))
      changes.noticePeriodDays = Number(values.noticePeriodDays);
    if (values.purpose.trim() !== (agreement.purpose ?? '')) changes.purpose = values.purpose.trim() || null;
    const areas = parseAreas(values.technologyAreas);
    if (areas.join(', ') !== agreement.technologyAreas.join(', ')) changes.technologyAreas = areas;
    const found: Record<string, string> = {};
    if (!values.summary.trim()) found.summary = 'Summarise what the amendment changes.';
    if (Object.keys(changes).length === 0) found.changes = 'Change at least one term below.';
    if (Object.keys(found).length) return submission.fail(found);
    const result = await submission.run(() =>
      amendAgreement(agreement.id, etag, { summary: values.summary.trim(), effectiveOn: values.effectiveOn, changes }),
    );
    if (result) onDone(`Amendment ${agreement.amendments.length + 1} recorded.`);
    else onStale();
  };

  return (
    <ActDialog
      open={open}
      title="Amend the agreement"
      confirmLabel="Record amendment"
      submission={submission}
      labels={labels}
      onCancel={onClose}
      onSubmit={() => void confirm()}
    >
      <p>This becomes amendment {agreement.amendments.length + 1}. Funding and IP terms are amended through legal.</p>
      <TextField
        label="Summary"
        required
        maxLength={1000}
        value={values.summary}
        onChange={set('summary')}
        error={submission.errors.summary}
      />
      <DateField
        label="Effective on"
        required
        value={values.effectiveOn}
        onChange={set('effectiveOn')}
        error={submission.errors.effectiveOn}
        hint={agreement.executedOn ? `Not before the execution (${formatDay(agreement.executedOn)}).` : undefined}
      />
      {submission.errors.changes && <p className="field-error">{submission.errors.changes}</p>}
      <DateField
        label="New expiry date"
        optional
        notFuture={false}
        value={values.expiryDate}
        onChange={set('expiryDate')}
        error={submission.errors.expiryDate}
        hint="Empty makes it open-ended."
      />
      <TextField
        label="Notice period (days)"
        inputMode="numeric"
        size={6}
        value={values.noticePeriodDays}
        onChange={set('noticePeriodDays')}
        error={submission.errors.noticePeriodDays}
      />
      <Checkbox
        label="Renews automatically"
        checked={values.autoRenew}
        onChange={(event) => setValues((current) => ({ ...current, autoRenew: event.target.checked }))}
      />
      <TextField label="Purpose" optional value={values.purpose} onChange={set('purpose')} />
      <TextField
        label="Technology areas"
        optional
        value={values.technologyAreas}
        onChange={set('technologyAreas')}
        hint="Separate with commas."
      />
    </ActDialog>
  );
}

function RenewDialog({ agreement, etag, act, onClose, onDone, onStale }: Props) {
  const labels = { newExpiryDate: 'New expiry date', renewedOn: 'Renewed on' };
  const [newExpiryDate, setNewExpiryDate] = useState('');
  const [renewedOn, setRenewedOn] = useState(today());
  const submission = useSubmit(labels);
  const confirm = async () => {
    if (!newExpiryDate) return submission.fail({ newExpiryDate: 'Enter the new expiry date.' });
    const result = await submission.run(() => renewAgreement(agreement.id, etag, newExpiryDate, renewedOn));
    if (result) onDone(`Renewed until ${formatDay(newExpiryDate)}.`);
    else onStale();
  };
  return (
    <ActDialog
      open={act === 'renew'}
      title="Renew the agreement"
      confirmLabel="Renew"
      submission={submission}
      labels={labels}
      onCancel={onClose}
      onSubmit={() => void confirm()}
    >
      <p>
        The same agreement runs on to a later expiry date
        {agreement.expiryDate ? ` (it expires on ${formatDay(agreement.expiryDate)} now)` : ''}.
      </p>
      <DateField
        label="New expiry date"
        required
        notFuture={false}
        min={agreement.expiryDate ?? undefined}
        value={newExpiryDate}
        onChange={(event) => setNewExpiryDate(event.target.value)}
        error={submission.errors.newExpiryDate}
      />
      <DateField
        label="Renewed on"
        required
        value={renewedOn}
        onChange={(event) => setRenewedOn(event.target.value)}
        error={submission.errors.renewedOn}
        hint="The day the renewal was agreed."
      />
    </ActDialog>
  );
}

function TerminateDialog({ agreement, etag, act, onClose, onDone, onStale }: Props) {
  const labels = { reason: 'Reason', effectiveOn: 'Terminated on' };
  const [reason, setReason] = useState('');
  const [effectiveOn, setEffectiveOn] = useState(today());
  const submission = useSubmit(labels);
  const confirm = async () => {
    if (!reason.trim())
      return submission.fail({ reason: 'Say why it is terminated: the reason stays in the history.' });
    const result = await submission.run(() => terminateAgreement(agreement.id, etag, reason.trim(), effectiveOn));
    if (result) onDone(`${agreement.title} terminated as of ${formatDay(effectiveOn)}.`);
    else onStale();
  };
  return (
    <ActDialog
      open={act === 'terminate'}
      title="Terminate this agreement?"
      confirmLabel="Terminate agreement"
      danger
      submission={submission}
      labels={labels}
      onCancel={onClose}
      onSubmit={() => void confirm()}
    >
      <p>
        The agreement ends on the day you give and nothing more can change on it. Projects running under it are flagged,
        and put on hold if no other valid agreement covers them. This cannot be undone.
      </p>
      <TextField
        label="Reason"
        required
        maxLength={1000}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={submission.errors.reason}
      />
      <DateField
        label="Terminated on"
        required
        value={effectiveOn}
        onChange={(event) => setEffectiveOn(event.target.value)}
        error={submission.errors.effectiveOn}
      />
    </ActDialog>
  );
}
