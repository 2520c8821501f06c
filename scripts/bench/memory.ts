/**
 * Memory: each process's RSS idle (the suite started, a million events in each service's store, no
 * requests for a while) and its highest under load (sampled every 250 ms through the HTTP and
 * propagation benchmarks, or a short write load when this part runs alone).
 */
import { config } from './support/config';
import { check, mb, type Check, type PartReport } from './support/report';
import { rss } from './support/rss';
import { median, sleep, whole } from './support/stats';
import type { Suite } from './support/suite';

/** Median of five samples a second apart, after `settleMs` without requests. */
export async function idleRss(suite: Suite, settleMs = 5_000): Promise<Record<string, number>> {
  await sleep(settleMs);
  const samples: Record<string, number[]> = {};
  for (let i = 0; i < 5; i++) {
    for (const [name, service] of Object.entries(suite.services)) (samples[name] ??= []).push(rss(service.pid));
    await sleep(1_000);
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

export function memoryReport(idle: Record<string, number>, peaks: Map<string, number>, loadedBy: string): PartReport {
  const limit = 150 * 1024 * 1024;
  const checks: Check[] = [];
  const rows = Object.keys(idle).map((name) => {
    const peak = peaks.get(name) ?? Number.NaN;
    checks.push(check(`${name} RSS under load < 150 MB`, mb(peak), peak < limit));
    return [name, mb(idle[name]), mb(peak)];
  });
  return {
    part: 'memory',
    tables: [
      {
        title: `Memory, RSS with ${whole(config.events)} events in each service's store`,
        columns: ['process', 'idle', 'highest under load'],
        rows,
        notes: [`Under load: sampled every 250 ms through ${loadedBy}.`],
      },
    ],
    checks,
    data: { idle, peak: Object.fromEntries(peaks) },
  };
}
