import type { ReactNode } from 'react';
import { Dialog } from '../../ui/dialog';
import { FormErrors } from '../../ui/form-errors';
import type { Submission } from '../../ui/use-submit';

/**
 * A dated act in a dialog (approve, sign, renew, a gate review...): the fields, the refusal in words
 * next to them, and on a 412 a notice that the page now shows the latest version while the dialog keeps
 * what the user entered, so one more click re-applies it on top of that version (the page passes the
 * new ETag down).
 */
export function ActDialog({
  open,
  title,
  confirmLabel,
  pendingLabel = 'Saving…',
  submission,
  labels,
  danger = false,
  onCancel,
  onSubmit,
  children,
  className,
}: {
  open: boolean;
  title: string;
  confirmLabel: string;
  pendingLabel?: string;
  submission: Submission;
  labels?: Record<string, string>;
  danger?: boolean;
  onCancel: () => void;
  onSubmit: () => void;
  children: ReactNode;
  className?: string;
}) {
  const stale = submission.problem?.status === 412;
  const close = () => {
    submission.reset();
    onCancel();
  };
  return (
    <Dialog open={open} title={title} onClose={close} className={className}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <div className="dialog-body">
          {stale && (
            <p className="conflict" role="alert">
              Someone else changed this record while the dialog was open. The page now shows the latest version and your
              entries are kept: check them, then {confirmLabel.toLowerCase()} again.
            </p>
          )}
          <FormErrors submission={submission} {...(labels && { labels })} />
          {children}
        </div>
        <div className="dialog-actions">
          <button type="submit" className={danger ? 'button danger' : 'button primary'} disabled={submission.pending}>
            {submission.pending ? pendingLabel : confirmLabel}
          </button>
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
