import { useState } from 'react';
import type { Role } from '../../api/session';
import { DateField } from '../../ui/field';
import { formatDay, today } from '../../ui/format';
import { useSubmit } from '../../ui/use-submit';
import { ActDialog } from './act-dialog';
import { COMPANY, approveAgreement, startNegotiation, submitForReview, type Agreement } from './api';
import { ENDED, statusLabel } from './options';

/**
 * The lifecycle as a stepper: draft → negotiation → review → approved → signed → active, then how it
 * ended (expired, terminated, superseded). Renewals keep it active and are counted beside it. Each step
 * reached shows its business date where the agreement knows it.
 */
const STEPS = [
  { status: 'draft', label: 'Draft' },
  { status: 'in_negotiation', label: 'Negotiation' },
  { status: 'in_review', label: 'Review' },
  { status: 'approved', label: 'Approved' },
  { status: 'signed', label: 'Signed' },
  { status: 'active', label: 'Active' },
] as const;

function dateOf(agreement: Agreement, status: string): string | null {
  switch (status) {
    case 'draft':
      return agreement.draftedOn;
    case 'approved':
      return agreement.approvedOn;
    case 'signed':
      return agreement.executedOn;
    case 'active':
      return agreement.activatedOn;
    default:
      return null;
  }
}

export function Stepper({ agreement }: { agreement: Agreement }) {
  const ended = ENDED.includes(agreement.status);
  // Where an ended agreement had got to: active if it ever came into force, else signed, else where the dates say.
  const reached = ended
    ? agreement.activatedOn
      ? 'active'
      : agreement.executedOn
        ? 'signed'
        : agreement.approvedOn
          ? 'approved'
          : 'draft'
    : agreement.status;
  const current = STEPS.findIndex((step) => step.status === reached);
  const steps = [
    ...STEPS.map((step, index) => ({
      ...step,
      state: index < current || (ended && index === current) ? 'done' : index === current ? 'current' : 'todo',
      date: dateOf(agreement, step.status),
    })),
    ended
      ? { status: agreement.status, label: statusLabel(agreement.status), state: 'current', date: agreement.endedOn }
      : {
          status: 'end',
          label: agreement.renewals > 0 ? `Renewed ×${agreement.renewals}` : 'Renewed / expired / terminated',
          state: agreement.renewals > 0 ? 'done' : 'todo',
          date: agreement.renewals > 0 ? agreement.expiryDate : null,
        },
  ];
  return (
    <nav aria-label="Lifecycle" className="stepper-wrap">
      <ol className="stepper">
        {steps.map((step) => (
          <li
            key={step.status}
            className={`step step-${step.state} step-${step.status}`}
            aria-current={step.state === 'current' ? 'step' : undefined}
          >
            <span className="step-mark" aria-hidden="true">
              {step.state === 'done' ? '✓' : ''}
            </span>
            <span className="step-label">
              {step.label}
              <span className="visually-hidden">
                {step.state === 'done' ? ' (done)' : step.state === 'current' ? ' (current)' : ' (to come)'}
              </span>
            </span>
            {step.date && (
              <span className="step-date">
                {step.status === 'end' && agreement.renewals > 0
                  ? `until ${formatDay(step.date)}`
                  : formatDay(step.date)}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export type LifecycleAct = 'negotiate' | 'submit' | 'approve';

/** What moves the agreement on from where it stands, and who may do it (agreement-service's @Roles). */
export interface NextStep {
  /** The main button's name. */
  label: string;
  act: LifecycleAct | 'sign';
  /** For 'sign': the party whose signature to record. */
  partyId?: string;
}

/**
 * The one next action this user's roles allow, or what the agreement waits for (and from whom) when
 * it is someone else's move.
 */
export function nextStep(
  agreement: Agreement,
  can: (...roles: Role[]) => boolean,
  name: (partyId: string) => string,
): { step: NextStep | null; waiting: string | null } {
  switch (agreement.status) {
    case 'draft':
      return can('alliance_manager')
        ? { step: { label: 'Start negotiation', act: 'negotiate' }, waiting: null }
        : { step: null, waiting: 'An alliance manager starts the negotiation or submits it for review.' };
    case 'in_negotiation':
      return can('alliance_manager')
        ? { step: { label: 'Submit for review', act: 'submit' }, waiting: null }
        : { step: null, waiting: 'An alliance manager submits it for legal and IP review.' };
    case 'in_review':
      return can('legal')
        ? { step: { label: 'Approve', act: 'approve' }, waiting: null }
        : { step: null, waiting: 'Waiting for legal to approve it.' };
    case 'approved': {
      const unsigned = agreement.signatures.filter((signature) => !signature.signedOn).map((s) => s.partyId);
      const mine = unsigned.find((party) => (party === COMPANY ? can('legal') : can('alliance_manager', 'legal')));
      if (mine)
        return { step: { label: `Record signature: ${name(mine)}`, act: 'sign', partyId: mine }, waiting: null };
      return {
        step: null,
        waiting: unsigned.includes(COMPANY)
          ? "Waiting for legal to record the company's signature."
          : 'Waiting for the remaining signatures.',
      };
    }
    case 'signed':
      return {
        step: null,
        waiting: `Fully executed; it comes into force on its effective date (${formatDay(agreement.effectiveDate)}).`,
      };
    default:
      return { step: null, waiting: null };
  }
}

const ACTS: Record<
  LifecycleAct,
  { title: string; confirm: string; field: string; dateLabel: string; explain: string; done: string }
> = {
  negotiate: {
    title: 'Start negotiation',
    confirm: 'Start negotiation',
    field: 'startedOn',
    dateLabel: 'Started on',
    explain: 'The draft goes to the partners for negotiation. Its terms can still be revised.',
    done: 'Negotiation started.',
  },
  submit: {
    title: 'Submit for review',
    confirm: 'Submit for review',
    field: 'submittedOn',
    dateLabel: 'Submitted on',
    explain: 'Legal and the IP office review the terms. From now on, the terms are locked until legal approves.',
    done: 'Submitted for legal and IP review.',
  },
  approve: {
    title: 'Approve',
    confirm: 'Approve',
    field: 'approvedOn',
    dateLabel: 'Approved on',
    explain: "Legal approves the reviewed terms. The parties' signatures can then be recorded.",
    done: 'Agreement approved.',
  },
};

/** Start negotiation, submit for review, approve: each on a business day (default today, never future). */
export function LifecycleDialog({
  agreement,
  etag,
  act,
  onClose,
  onDone,
  onStale,
}: {
  agreement: Agreement;
  etag: string;
  act: LifecycleAct | null;
  onClose: () => void;
  onDone: (message: string) => void;
  onStale: () => void;
}) {
  const [date, setDate] = useState(today());
  const shown = act ?? 'negotiate';
  const spec = ACTS[shown];
  const submission = useSubmit({ [spec.field]: spec.dateLabel });
  const confirm = async () => {
    const result = await submission.run(() => {
      if (shown === 'negotiate') return startNegotiation(agreement.id, etag, date);
      if (shown === 'submit') return submitForReview(agreement.id, etag, date);
      return approveAgreement(agreement.id, etag, date);
    });
    if (result) onDone(spec.done);
    else onStale();
  };
  return (
    <ActDialog
      open={act !== null}
      title={spec.title}
      confirmLabel={spec.confirm}
      submission={submission}
      labels={{ [spec.field]: spec.dateLabel }}
      onCancel={onClose}
      onSubmit={() => void confirm()}
    >
      <p>{spec.explain}</p>
      <DateField
        label={spec.dateLabel}
        required
        min={agreement.draftedOn ?? undefined}
        value={date}
        onChange={(event) => setDate(event.target.value)}
        error={submission.errors[spec.field]}
        hint="The day it happened; today unless you are recording something from the past."
      />
    </ActDialog>
  );
}
