import type { Instance } from './cluster';

/** `consumer/outcome` → count, e.g. `known-partners/duplicate`. */
export type ConsumedCounts = Record<string, number>;

const LINE = /^accord_messages_consumed_total\{([^}]*)\} (\d+(?:\.\d+)?)$/;

/**
 * What the instances' consumers did with the messages they handled, from their Prometheus metrics
 * (`accord_messages_consumed_total`: applied, duplicate, dead_lettered), summed over instances.
 * Counters live in the process: only instances that stay up between two readings can be compared.
 */
export async function consumedCounts(instances: Instance[]): Promise<ConsumedCounts> {
  const counts: ConsumedCounts = {};
  for (const instance of instances) {
    const text = await (await fetch(`${instance.url}/metrics`)).text();
    for (const line of text.split('\n')) {
      const match = LINE.exec(line);
      if (!match) continue;
      const labels = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
      const key = `${labels.consumer}/${labels.outcome}`;
      counts[key] = (counts[key] ?? 0) + Number(match[2]);
    }
  }
  return counts;
}

/** after - before, per key. */
export function countsSince(before: ConsumedCounts, after: ConsumedCounts): ConsumedCounts {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return Object.fromEntries([...keys].sort().map((key) => [key, (after[key] ?? 0) - (before[key] ?? 0)]));
}
