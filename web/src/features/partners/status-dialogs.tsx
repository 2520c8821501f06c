import { useState } from 'react';
import { ConfirmDialog, Dialog } from '../../ui/dialog';
import { DateField, options, Select, TextField } from '../../ui/field';
import { FormErrors } from '../../ui/form-errors';
import { formatDay, label, today } from '../../ui/format';
import { useSubmit } from '../../ui/use-submit';
import {
  archivePartner,
  markPartnerDormant,
  restorePartner,
  updatePartner,
  type Partner,
  type PartnerTier,
} from './api';
import { PARTNER_TIERS } from '../../api/enums';

/**
 * The partner's dated acts: archive, restore, mark dormant, change tier. Each happened on a business
 * day the user gives (default today, never in the future), and each confirmation says what it means.
 */
export type StatusAction = 'archive' | 'restore' | 'dormant' | 'tier';

interface Props {
  partner: Partner;
  etag: string;
  action: StatusAction | null;
  onClose: () => void;
  onDone: (message: string) => void;
  /** The service answered 412: the page reloads the partner, so the next try sends its new ETag. */
  onStale: () => void;
}

const LABELS = {
  date: 'Date',
  reason: 'Reason',
  tier: 'Tier',
  archivedOn: 'Date',
  restoredOn: 'Date',
  markedDormantOn: 'Date',
  effectiveOn: 'Date',
};

export function StatusDialogs(props: Props) {
  return (
    <>
      <DatedAct {...props} kind="archive" />
      <DatedAct {...props} kind="restore" />
      <DatedAct {...props} kind="dormant" />
      <TierDialog {...props} />
    </>
  );
}

const ACTS = {
  archive: {
    title: 'Archive this partner?',
    confirm: 'Archive partner',
    field: 'archivedOn',
    dateLabel: 'Archived on',
    reason: true,
    explain: (p: Partner) =>
      `${p.name} leaves the active directory: it can no longer be a party to a new agreement, and its profile and contacts cannot change until it is restored. Nothing is deleted; its agreements, projects and history stay.`,
    done: (p: Partner, date: string) => `${p.name} archived as of ${formatDay(date)}.`,
  },
  restore: {
    title: 'Restore this partner?',
    confirm: 'Restore partner',
    field: 'restoredOn',
    dateLabel: 'Restored on',
    reason: false,
    explain: (p: Partner) =>
      `${p.name} returns to the status it had before it was archived (archived since ${formatDay(p.statusSince)}). The date cannot be before that day.`,
    done: (p: Partner, date: string) => `${p.name} restored as of ${formatDay(date)}.`,
  },
  dormant: {
    title: 'Mark this partner dormant?',
    confirm: 'Mark dormant',
    field: 'markedDormantOn',
    dateLabel: 'Dormant since',
    reason: true,
    explain: (p: Partner) =>
      `${p.name} stays in the directory but counts as inactive. A new partnership established with it makes it active again.`,
    done: (p: Partner, date: string) => `${p.name} marked dormant as of ${formatDay(date)}.`,
  },
} as const;

function DatedAct({ partner, etag, action, onClose, onDone, onStale, kind }: Props & { kind: keyof typeof ACTS }) {
  const act = ACTS[kind];
  const open = action === kind;
  const [date, setDate] = useState(today());
  const [reason, setReason] = useState('');
  const submission = useSubmit({ ...LABELS, [act.field]: act.dateLabel });

  const confirm = async () => {
    const result = await submission.run(() => {
      if (kind === 'archive')
        return archivePartner(partner.id, etag, { archivedOn: date, ...(reason.trim() && { reason: reason.trim() }) });
      if (kind === 'restore') return restorePartner(partner.id, etag, { restoredOn: date });
      return markPartnerDormant(partner.id, etag, {
        markedDormantOn: date,
        ...(reason.trim() && { reason: reason.trim() }),
      });
    });
    if (result) {
      onDone(act.done(partner, date));
      setReason('');
    } else onStale();
  };
  const stale = submission.problem?.status === 412;

  return (
    <ConfirmDialog
      open={open}
      title={act.title}
      confirmLabel={act.confirm}
      danger={kind === 'archive'}
      pending={submission.pending}
      onCancel={() => {
        submission.reset();
        onClose();
      }}
      onConfirm={() => void confirm()}
      error={
        stale
          ? 'Someone else changed this partner meanwhile. The page now shows the latest version: check it, then confirm again.'
          : null
      }
    >
      <p>{act.explain(partner)}</p>
      <FormErrors submission={submission} />
      <DateField
        label={act.dateLabel}
        required
        value={date}
        onChange={(event) => setDate(event.target.value)}
        error={submission.errors[act.field]}
        hint="The day it happened; today unless you are recording something from the past."
      />
      {act.reason && (
        <TextField
          label="Reason"
          optional
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          error={submission.errors.reason}
        />
      )}
    </ConfirmDialog>
  );
}

function TierDialog({ partner, etag, action, onClose, onDone, onStale }: Props) {
  const [tier, setTier] = useState<PartnerTier>(partner.tier);
  const [date, setDate] = useState(today());
  const submission = useSubmit({ tier: 'Tier', effectiveOn: 'Effective from' });
  const stale = submission.problem?.status === 412;
  return (
    <Dialog
      open={action === 'tier'}
      title="Change tier"
      onClose={() => {
        submission.reset();
        onClose();
      }}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (tier === partner.tier) {
            submission.fail({ tier: `The partner is already ${label(tier)}. Choose another tier.` });
            return;
          }
          void submission
            .run(() => updatePartner(partner.id, etag, { tier, effectiveOn: date }))
            .then((result) => {
              if (result) onDone(`${partner.name} is now ${label(tier)} as of ${formatDay(date)}.`);
              else onStale();
            });
        }}
      >
        <div className="dialog-body">
          <p>
            {partner.name} is {label(partner.tier)} now. The new tier applies from the day you give.
          </p>
          {stale && (
            <p className="form-errors" role="alert">
              Someone else changed this partner meanwhile. The page now shows the latest version: check it, then save
              again.
            </p>
          )}
          {!stale && submission.message && (
            <p className="form-errors" role="alert">
              {submission.message}
            </p>
          )}
          <Select
            label="New tier"
            value={tier}
            options={options(PARTNER_TIERS)}
            onChange={(event) => setTier(event.target.value as PartnerTier)}
            error={submission.errors.tier}
          />
          <DateField
            label="Effective from"
            required
            value={date}
            onChange={(event) => setDate(event.target.value)}
            error={submission.errors.effectiveOn}
          />
        </div>
        <div className="dialog-actions">
          <button type="submit" className="button primary" disabled={submission.pending}>
            {submission.pending ? 'Saving…' : 'Change tier'}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              submission.reset();
              onClose();
            }}
          >
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
