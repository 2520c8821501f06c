export interface RestartPolicy {
  /** The wait before the first restart after a crash. */
  initialMs: number;
  /** The longest wait: the delay doubles per crash in a row up to this. */
  maxMs: number;
  /** How long the consumer must have run without a crash for the next one to count as the first again. */
  resetAfterMs: number;
}

/**
 * 1 s doubling to a minute: a transient fault (a broker restarting, a topic being reconfigured) is
 * over in a few restarts, and a lasting one costs a restart a minute, not a tight loop of them.
 */
export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialMs: 1_000, maxMs: 60_000, resetAfterMs: 60_000 };

export function checkRestartPolicy({ initialMs, maxMs, resetAfterMs }: RestartPolicy): void {
  if (!(initialMs >= 0 && maxMs >= initialMs && resetAfterMs >= 0)) {
    throw new Error('restart needs 0 <= initialMs <= maxMs and resetAfterMs >= 0');
  }
}

/**
 * The waits between restarts of a consumer that died. Pure: the caller says when things happen, so
 * the policy is tested without clocks or a broker.
 */
export class RestartBackoff {
  /** Crashes (and failed restarts) since the consumer last ran for resetAfterMs. */
  private inARow = 0;
  private runningSince?: number;

  constructor(private readonly policy: RestartPolicy) {
    checkRestartPolicy(policy);
  }

  /** The consumer is running (again) as of `now`. */
  running(now: number): void {
    this.runningSince = now;
  }

  /** It died, or a restart failed, at `now`: how long to wait before the next restart. */
  crashed(now: number): number {
    // A consumer that ran fine for a while met a new fault, not the same one again: start over.
    if (this.runningSince !== undefined && now - this.runningSince >= this.policy.resetAfterMs) this.inARow = 0;
    this.runningSince = undefined;
    this.inARow++;
    // Capped before doubling, so a long run of crashes cannot overflow to Infinity.
    return Math.min(this.policy.maxMs, this.policy.initialMs * 2 ** Math.min(this.inARow - 1, 30));
  }
}
