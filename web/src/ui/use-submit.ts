import { useCallback, useRef, useState } from 'react';
import { ApiError, NETWORK_PROBLEM, explain, fieldErrors, type Problem } from '../api/problems';

/**
 * A form's submission: pending while it runs, and when the service refuses, its problem turned into
 * words, per field (400, and a 422 that names its field) and for the whole form. A 401 is the
 * session's to handle (the app shows the sign-in page); a 412 is the form's (see ConflictNotice).
 */
export interface Submission {
  pending: boolean;
  problem: Problem | null;
  /** Field path → message, for the fields the form names in `labels`. */
  errors: Record<string, string>;
  /** The sentence for the whole form: set when no field error says it all. */
  message: string | null;
  run: <T>(action: () => Promise<T>) => Promise<T | undefined>;
  reset: () => void;
  /** Shows a problem found before sending (the form's own validation). */
  fail: (errors: Record<string, string>) => void;
}

export function useSubmit(labels: Record<string, string> = {}): Submission {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const labelsRef = useRef(labels);
  labelsRef.current = labels;
  const running = useRef(false);

  const reset = useCallback(() => {
    setProblem(null);
    setErrors({});
    setMessage(null);
  }, []);

  const fail = useCallback((found: Record<string, string>) => {
    setProblem({ status: 400, code: 'validation_failed' });
    setErrors(found);
    setMessage(null);
  }, []);

  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    if (running.current) return undefined; // a double click submits once
    running.current = true;
    setPending(true);
    try {
      const result = await action();
      setProblem(null);
      setErrors({});
      setMessage(null);
      return result;
    } catch (error) {
      const found =
        error instanceof ApiError ? error.problem : { ...NETWORK_PROBLEM, status: -1, code: 'internal_error' };
      const byField = fieldErrors(found, labelsRef.current);
      setProblem(found);
      setErrors(byField);
      const covered = Object.keys(byField).length > 0 && (found.status === 400 || typeof found.field === 'string');
      setMessage(covered ? null : explain(found));
      return undefined;
    } finally {
      running.current = false;
      setPending(false);
    }
  }, []);

  return { pending, problem, errors, message, run, reset, fail };
}
