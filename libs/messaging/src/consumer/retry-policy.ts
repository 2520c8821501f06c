import { MalformedMessageError } from './payload';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/**
 * The delay before retry number `attempt` (1 after the first failure). No jitter: only this
 * consumer retries this message, so there is no crowd of retries to spread out.
 */
export function backoffDelay(attempt: number, backoff: BackoffOptions): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** (attempt - 1));
}

/** What to do after a handler's failed attempt: wait and try again, or give up and dead-letter. */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/**
 * When a failing handler is tried again, and when its message is given up on. Pure: the caller
 * makes the attempts and waits.
 */
export class RetryPolicy {
  readonly maxAttempts: number;
  readonly backoff: BackoffOptions;

  /** Throws, naming what is wrong, for settings that cannot work. */
  constructor(maxAttempts = 5, backoff: Partial<BackoffOptions> = {}) {
    this.maxAttempts = maxAttempts;
    this.backoff = { initialMs: 200, maxMs: 5_000, ...backoff };
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new Error('maxAttempts must be a positive integer');
    }
    if (this.backoff.initialMs < 0 || this.backoff.maxMs < this.backoff.initialMs) {
      throw new Error('backoff needs 0 <= initialMs <= maxMs');
    }
  }

  /** After attempt number `attempt` failed with `error` (the handler's own error, as `cause`). */
  decide(attempt: number, error: Error): RetryDecision {
    // A payload that breaks its contract fails the same way every time: no retry can fix it.
    if (error.cause instanceof MalformedMessageError) return { retry: false, reason: `malformed: ${error.message}` };
    if (attempt >= this.maxAttempts) return { retry: false, reason: `${error.message} (after ${attempt} attempts)` };
    return { retry: true, delayMs: backoffDelay(attempt, this.backoff) };
  }
}
