import { useEffect, useRef, useState } from 'react';
import type { Chart, ChartConfiguration } from 'chart.js';

/**
 * A Chart.js chart. Chart.js loads on first use (its own chunk), so pages without charts stay small.
 * The canvas carries a text summary (role img + label); an empty chart shows a sentence instead.
 */

/** The charts the pages draw. */
export type ChartConfig = ChartConfiguration<'bar'> | ChartConfiguration<'doughnut'>;

type Loaded = typeof import('./chart-setup');
let loading: Promise<Loaded> | null = null;
const loadChart = () => (loading ??= import('./chart-setup'));

export function ChartCanvas({
  config,
  summary,
  empty,
  emptyText,
  height,
}: {
  config: ChartConfig;
  /** What the chart shows, in words: the canvas's accessible name. */
  summary: string;
  empty: boolean;
  emptyText: string;
  height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (empty) return;
    let cancelled = false;
    loadChart().then(
      ({ Chart: ChartClass }) => {
        if (cancelled || !canvas.current) return;
        const existing = chart.current;
        // Update in place when the type is unchanged: live refreshes neither leak charts nor flash.
        if (existing && (existing.config as { type?: string }).type === config.type) {
          existing.data = config.data;
          existing.options = (config.options ?? {}) as typeof existing.options;
          existing.update();
          return;
        }
        existing?.destroy();
        chart.current = new ChartClass(canvas.current, config as ChartConfiguration);
      },
      () => setFailed(true),
    );
    return () => {
      cancelled = true;
    };
  }, [config, empty]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  useEffect(() => {
    if (empty) {
      chart.current?.destroy();
      chart.current = null;
    }
  }, [empty]);

  if (empty || failed) return <p className="empty">{failed ? 'The chart could not be loaded.' : emptyText}</p>;
  return (
    <div className="chart" style={height ? { height } : undefined}>
      <canvas ref={canvas} role="img" aria-label={summary} />
    </div>
  );
}
