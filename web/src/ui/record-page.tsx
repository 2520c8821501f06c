import type { RefObject } from 'react';
import { explain, isApiError } from '../api/problems';
import { Link } from '../app/router';

/**
 * What a record's page shows before the record is there: loading, or why it could not be loaded
 * (not found, or an error to try again after), with the heading that takes focus on arrival.
 */
export function RecordNotShown({
  kind,
  back,
  error,
  reload,
  heading,
}: {
  /** The record's kind in words: "Partner", "Agreement", "Project". */
  kind: string;
  /** The list to go back to: its address and name. */
  back: { to: string; label: string };
  /** Undefined while loading. */
  error: unknown;
  reload: () => void;
  heading: RefObject<HTMLHeadingElement | null>;
}) {
  if (error === undefined) {
    return (
      <div className="page">
        <h1 ref={heading} tabIndex={-1} className="visually-hidden">
          {kind}
        </h1>
        <p className="loading">Loading…</p>
      </div>
    );
  }
  const notFound = isApiError(error) && error.status === 404;
  return (
    <div className="page">
      <p className="back">
        <Link to={back.to}>← {back.label}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {notFound ? `${kind} not found` : `This ${kind.toLowerCase()} could not be loaded`}
      </h1>
      <p role="alert">
        {isApiError(error) ? explain(error.problem) : 'Something went wrong.'}{' '}
        {!notFound && (
          <button type="button" className="button" onClick={reload}>
            Try again
          </button>
        )}
      </p>
    </div>
  );
}
