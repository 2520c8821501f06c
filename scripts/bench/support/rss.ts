import { readFileSync } from 'node:fs';

/** A process's resident set size in bytes, from /proc (Linux). */
export function rss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb[1]) * 1024;
}

/** Samples processes' RSS every `intervalMs` and keeps each one's highest. */
export class RssSampler {
  readonly peaks = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly pids: Record<string, number>) {}

  start(intervalMs = 250): void {
    const sample = () => {
      for (const [name, pid] of Object.entries(this.pids)) {
        this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, rss(pid)));
      }
    };
    sample();
    this.timer = setInterval(sample, intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
