/** Every figure is a median of repeated rounds: these machines are shared and one round can be unlucky. */
export function median(values: number[]): number {
  return percentile(values, 50);
}

/** The nearest-rank percentile (p in 0..100) of the values; NaN for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Runs `count` jobs with at most `concurrency` in flight; returns per-job latencies in ms. */
export async function pool(
  count: number,
  concurrency: number,
  job: (i: number) => Promise<unknown>,
): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const started = performance.now();
        await job(i);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}

/** Items per second of `run`, which handles `items` items. */
export async function rate(items: number, run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return items / ((performance.now() - started) / 1000);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 12,345 */
export const whole = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en') : 'n/a');
