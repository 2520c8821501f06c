/**
 * The knobs, all from the environment (BENCHMARKS.md lists them). With the defaults `npm run bench`
 * took 25 minutes on a shared two-core machine under other sessions' load. Rounds are what each
 * median is taken over.
 */
const number = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

export const config = {
  /** Rounds for the short measurements (appends, HTTP, propagation). */
  rounds: number('BENCH_ROUNDS', 5),
  /** Rounds for the suite's measurements (HTTP routes, propagation). */
  suiteRounds: number('BENCH_SUITE_ROUNDS', 3),
  /** Rounds for the long ones (reading and rebuilding a million events). */
  longRounds: number('BENCH_LONG_ROUNDS', 3),
  /** Events stored for read/rebuild, and in each service's store for the suite parts. */
  events: number('BENCH_EVENTS', 1_000_000),
  /** Appends per round, single-event scenarios. */
  appends: number('BENCH_APPENDS', 2_000),
  /** 100-event batches per round. */
  batches: number('BENCH_BATCHES', 200),
  /** Seconds each HTTP route is loaded per round, and connections autocannon keeps open. */
  httpSeconds: number('BENCH_HTTP_SECONDS', 4),
  httpConnections: number('BENCH_HTTP_CONNECTIONS', 10),
  /**
   * Seconds each write route is loaded before the rounds. V8 and the broker's JVM compile their hot
   * paths under the first tens of seconds of load: in one run of a fresh suite, registrations went
   * from 57/s in the first 6-second load to 110/s in the sixth, and the broker's JIT compiler took
   * 40 % of its CPU meanwhile. The rounds measure the running system, not its warm-up.
   */
  httpWarmupSeconds: number('BENCH_HTTP_WARMUP_SECONDS', 15),
  /** Agreements taken through three status changes per round (the status part). */
  statusAgreements: number('BENCH_STATUS_AGREEMENTS', 300),
  /** Seconds each propagation rate is held per round. */
  propagationSeconds: number('BENCH_PROPAGATION_SECONDS', 2),
};
