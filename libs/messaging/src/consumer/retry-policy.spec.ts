import { MalformedMessageError } from './payload';
import { backoffDelay, RetryPolicy } from './retry-policy';

jest.setTimeout(5_000);

/** A handler's failure as the consumer sees it: its own error as the cause. */
const failure = (cause: Error) => new Error(cause.message, { cause });

describe('RetryPolicy', () => {
  it('retries with the backoff until the last attempt, then gives up naming the attempts', () => {
    const policy = new RetryPolicy(3, { initialMs: 100, maxMs: 150 });
    const error = failure(new Error('deadlock'));
    expect([1, 2].map((attempt) => policy.decide(attempt, error))).toEqual([
      { retry: true, delayMs: 100 },
      { retry: true, delayMs: 150 },
    ]);
    expect(policy.decide(3, error)).toEqual({ retry: false, reason: 'deadlock (after 3 attempts)' });
  });

  it('gives up on a malformed message at once, whatever attempts are left', () => {
    const policy = new RetryPolicy(5);
    const error = failure(new MalformedMessageError('x.Happened: id must be a uuid'));
    expect(policy.decide(1, error)).toEqual({ retry: false, reason: 'malformed: x.Happened: id must be a uuid' });
  });

  it('only looks at the cause: a handler error merely named like a malformed one is retried', () => {
    const policy = new RetryPolicy(2);
    expect(policy.decide(1, new MalformedMessageError('not from a handler'))).toEqual({ retry: true, delayMs: 200 });
  });

  it('defaults to 5 attempts, 200 ms doubling to 5 s', () => {
    const policy = new RetryPolicy();
    expect(policy.maxAttempts).toBe(5);
    expect(policy.backoff).toEqual({ initialMs: 200, maxMs: 5_000 });
    const error = failure(new Error('e'));
    expect([1, 2, 3, 4].map((attempt) => policy.decide(attempt, error))).toEqual(
      [200, 400, 800, 1_600].map((delayMs) => ({ retry: true, delayMs })),
    );
    expect(policy.decide(5, error).retry).toBe(false);
  });

  it('with one attempt, gives up after the first failure', () => {
    expect(new RetryPolicy(1, { initialMs: 0 }).decide(1, failure(new Error('e')))).toEqual({
      retry: false,
      reason: 'e (after 1 attempts)',
    });
  });

  it.each([
    ['zero attempts', 0, {}, /maxAttempts/],
    ['a fractional number of attempts', 2.5, {}, /maxAttempts/],
    ['a maximum delay below the initial one', 5, { initialMs: 500, maxMs: 100 }, /backoff/],
    ['a negative delay', 5, { initialMs: -1 }, /backoff/],
  ])('refuses %s', (_case, attempts, backoff, error) => {
    expect(() => new RetryPolicy(attempts, backoff)).toThrow(error);
  });

  it('caps the delay at the maximum however many attempts failed', () => {
    expect(backoffDelay(40, { initialMs: 1, maxMs: 60_000 })).toBe(60_000);
  });
});
