import { useEffect, useRef } from 'react';
import type { Submission } from './use-submit';

/**
 * The top of a refused form: what went wrong, in words, with a link to each field to fix. It takes
 * the focus when it appears, so the keyboard and screen reader user learns at once.
 */
export function FormErrors({
  submission,
  labels = {},
  fieldIds = {},
}: {
  submission: Pick<Submission, 'errors' | 'message' | 'problem'>;
  labels?: Record<string, string>;
  /** Field path → the id of its control, for the links. */
  fieldIds?: Record<string, string>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { errors, message, problem } = submission;
  const entries = Object.entries(errors);
  const shown = problem !== null && problem.status !== 412 && (message !== null || entries.length > 0);
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown, problem]);
  if (!shown) return null;
  return (
    <div className="form-errors" role="alert" tabIndex={-1} ref={ref}>
      <p className="form-errors-title">
        {entries.length > 0 && !message ? 'Please correct the fields below.' : message}
      </p>
      {entries.length > 0 && (
        <ul>
          {entries.map(([field, text]) => (
            <li key={field}>
              {fieldIds[field] ? (
                <a
                  href={`#${fieldIds[field]}`}
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById(fieldIds[field] ?? '')?.focus();
                  }}
                >
                  {labels[field] ?? field}: {text}
                </a>
              ) : (
                <>
                  {labels[field] ?? field}: {text}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
