/**
 * The failures a command can end in, free of any framework so that deciders can throw them. Each
 * carries a stable `code`; the HTTP layer maps the kind to a status (see ProblemDetailsFilter).
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'validation' | 'not_found' | 'conflict' | 'concurrency' | 'business_rule';

  constructor(
    readonly code: string,
    message: string,
    /** Extra members for the problem details, e.g. `{ existingPartnerId }`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that passed the HTTP schema but breaks a rule only the domain knows: 400. */
export class ValidationError extends DomainError {
  readonly kind = 'validation' as const;
  constructor(
    code: string,
    message: string,
    readonly errors: { field: string; message: string }[] = [],
  ) {
    super(code, message);
  }
}

/** 404 */
export class NotFoundError extends DomainError {
  readonly kind = 'not_found' as const;
}

/** A duplicate of something that exists: 409. */
export class ConflictError extends DomainError {
  readonly kind = 'conflict' as const;
}

/** The command was decided on a version of the stream that is no longer current: 412. */
export class ConcurrencyError extends DomainError {
  readonly kind = 'concurrency' as const;
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number | 'no_stream',
    readonly actualVersion: number,
  ) {
    super(
      'version_conflict',
      `stream ${streamId} is at version ${actualVersion}, not ${expectedVersion === 'no_stream' ? 'new' : expectedVersion}`,
      { currentVersion: actualVersion },
    );
  }
}

/** The command is not allowed in the aggregate's current state (signing a draft): 422. */
export class BusinessRuleError extends DomainError {
  readonly kind = 'business_rule' as const;
}
