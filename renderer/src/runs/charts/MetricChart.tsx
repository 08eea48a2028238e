import { useEffect, useId, useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import { IncrementalEma } from '../model/ema';
import { formatValue, formatWallTime } from '../model/metrics';
import type { SeriesBuffer } from '../model/series';
import { baseOptions, useUplot } from './useUplot';

interface MetricChartProps {
  readonly name: string;
  readonly label: string;
  readonly unit?: string;
  readonly series: SeriesBuffer | undefined;
  /** Changes whenever the series grew. */
  readonly version: number;
  /** EMA weight (0 = raw); only applied when `smooth`. */
  readonly smoothing: number;
  readonly smooth: boolean;
  readonly log: boolean;
  /** Charts with the same key share the hover crosshair. */
  readonly syncKey: string;
  readonly color: string;
}

function faint(hex: string): string {
  return `${hex}55`;
}

function minOf(values: ArrayLike<number>): number {
  let min = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! < min) min = values[i]!;
  return min;
}

function maxOf(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

/**
 * One metric of one run: the raw curve (faint while smoothed) and its EMA, steps on x. Hovering shows step, value and
 * wall time in the readout above the plot; with the pointer away it shows the latest point.
 */
export function MetricChart({ name, label, unit, series, version, smoothing, smooth, log, syncKey, color }: MetricChartProps) {
  const titleId = useId();
  const readoutRef = useRef<HTMLSpanElement>(null);
  const emaRef = useRef(new IncrementalEma());
  const hoverRef = useRef<number | null>(null);
  const seriesRef = useRef(series);
  seriesRef.current = series;
  const weight = smooth ? smoothing : 0;
  const smoothed = weight > 0;
  const n = series?.length ?? 0;

  const base = useMemo(() => {
    if (!series || series.length === 0) return { raw: new Float64Array(0), steps: new Float64Array(0), smooth: new Float64Array(0), min: Infinity, max: -Infinity };
    const raw = series.values;
    return { raw, steps: series.steps, smooth: emaRef.current.update(raw, weight), min: minOf(raw), max: maxOf(raw) };
    // `version` tells that the (mutable) series grew.
  }, [series, version, weight]);

  // A log axis needs values above zero: with some at or below zero (a learning rate warming up from 0) those are
  // left out as gaps; with none above zero the chart stays linear and says so.
  const logOn = log && base.max > 0;
  const hidesNonPositive = logOn && base.min <= 0;
  const data = useMemo<uPlot.AlignedData>(() => {
    if (!hidesNonPositive) return [base.steps, base.raw, base.smooth];
    const gaps = (a: Float64Array) => Array.from(a, (v) => (v > 0 ? v : null));
    return [base.steps, gaps(base.raw), gaps(base.smooth)];
  }, [base, hidesNonPositive]);

  const describe = (idx: number | null | undefined): string => {
    const s = seriesRef.current;
    if (!s || s.length === 0) return 'No points yet';
    const i = idx ?? s.length - 1;
    const step = s.steps[i];
    const value = s.values[i];
    if (step === undefined || value === undefined) return '';
    const sm = weight > 0 ? ` (EMA ${formatValue(emaRef.current.update(s.values, weight)[i])})` : '';
    return `step ${step} · ${formatValue(value)}${sm} · ${formatWallTime(s.wallTimes[i]!)}`;
  };

  const { containerRef } = useUplot(
    (width) => {
      const opts = baseOptions(width, {
        log: logOn,
        syncKey,
        series: [
          { label, stroke: smoothed ? faint(color) : color, width: 1, points: { show: false } },
          { label: `${label} (smoothed)`, stroke: color, width: 1.5, show: smoothed, points: { show: false } },
        ],
      });
      opts.hooks = {
        setCursor: [
          (u) => {
            hoverRef.current = u.cursor.idx ?? null;
            if (readoutRef.current) readoutRef.current.textContent = readoutRef.current.title = describe(u.cursor.idx);
          },
        ],
      };
      return opts;
    },
    data,
    `${logOn}|${smoothed}|${color}`,
  );

  // The readout is written directly (it changes on every mouse move); new data refreshes it unless the pointer is on a point.
  useEffect(() => {
    if (readoutRef.current && hoverRef.current === null) readoutRef.current.textContent = readoutRef.current.title = describe(null);
  });

  const last = series?.lastValue;
  return (
    <figure className="chart" aria-labelledby={titleId} data-metric={name} data-points={n}>
      <figcaption className="chart-head">
        <span id={titleId} className="chart-title">
          {label}
          {unit && <span className="muted"> ({unit})</span>}
        </span>
        <span className="chart-readout" ref={readoutRef} data-testid="chart-readout" />
      </figcaption>
      <div className="chart-plot" ref={containerRef} role="img" aria-label={`${label}: ${n} points${last !== undefined ? `, last value ${formatValue(last)}` : ''}`} />
      {log && n > 0 && !logOn && <p className="chart-note">Linear: no values above 0.</p>}
      {hidesNonPositive && <p className="chart-note">Log scale: values ≤ 0 not drawn.</p>}
    </figure>
  );
}
