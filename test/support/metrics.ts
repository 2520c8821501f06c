/**
 * Reads Prometheus's text format the way a scraper does, enough for tests: `value(name, labels)` is
 * the sum of the samples of `name` whose labels include `labels` (0 when there is none).
 */
export interface Scrape {
  text: string;
  value(name: string, labels?: Record<string, string>): number;
  /** Whether any sample of `name` (with these labels) is there at all. */
  has(name: string, labels?: Record<string, string>): boolean;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

export function readScrape(text: string): Scrape {
  const samples = parse(text);
  const matching = (name: string, labels: Record<string, string> = {}) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value));
  return {
    text,
    value: (name, labels) => matching(name, labels).reduce((sum, s) => sum + s.value, 0),
    has: (name, labels) => matching(name, labels).length > 0,
  };
}

/** GET /metrics of a service on a port, as Prometheus would: no token. */
export async function scrape(port: number): Promise<Scrape> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics: ${response.status}`);
  return readScrape(await response.text());
}
