import { DEFAULT_RESTART_POLICY, RestartBackoff } from './restart-backoff';

describe('RestartBackoff', () => {
  it('waits 1 s after a first crash, doubling per crash in a row up to a minute', () => {
    const backoff = new RestartBackoff(DEFAULT_RESTART_POLICY);
    const delays = Array.from({ length: 9 }, (_, i) => backoff.crashed(i));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('keeps doubling when the consumer ran again, but only briefly, between crashes', () => {
    const backoff = new RestartBackoff(DEFAULT_RESTART_POLICY);
    expect(backoff.crashed(0)).toBe(1_000);
    backoff.running(1_000);
    expect(backoff.crashed(31_000)).toBe(2_000);
    backoff.running(33_000);
    expect(backoff.crashed(92_999)).toBe(4_000);
  });

  it('starts over at 1 s once the consumer has run without a crash for resetAfterMs', () => {
    const backoff = new RestartBackoff(DEFAULT_RESTART_POLICY);
    for (let i = 0; i < 5; i++) backoff.crashed(i);
    backoff.running(100_000);
    expect(backoff.crashed(160_000)).toBe(1_000);
    expect(backoff.crashed(161_000)).toBe(2_000);
  });

  it('does not start over for failed restarts, however long apart: the consumer never ran', () => {
    const backoff = new RestartBackoff({ initialMs: 100, maxMs: 10_000, resetAfterMs: 1_000 });
    expect([0, 5_000, 50_000, 500_000].map((at) => backoff.crashed(at))).toEqual([100, 200, 400, 800]);
  });

  it('never overflows, however many crashes in a row', () => {
    const backoff = new RestartBackoff(DEFAULT_RESTART_POLICY);
    for (let i = 0; i < 5_000; i++) backoff.crashed(i);
    expect(backoff.crashed(5_000)).toBe(60_000);
  });

  it.each([
    ['a maximum below the initial wait', { initialMs: 500, maxMs: 100, resetAfterMs: 0 }],
    ['a negative wait', { initialMs: -1, maxMs: 100, resetAfterMs: 0 }],
    ['a negative reset', { initialMs: 1, maxMs: 100, resetAfterMs: -1 }],
    ['NaN', { initialMs: Number.NaN, maxMs: 100, resetAfterMs: 0 }],
  ])('refuses %s', (_case, policy) => {
    expect(() => new RestartBackoff(policy)).toThrow(/restart needs/);
  });
});
