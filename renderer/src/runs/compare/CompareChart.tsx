import { useEffect, useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import type { Run } from '../../../../app/api/schemas/runs';
import { colorAt } from '../charts/palette';
import { baseOptions, useUplot } from '../charts/useUplot';
import { ema } from '../model/ema';
import { formatValue } from '../model/metrics';
import { alignOnSteps, type SeriesBuffer } from '../model/series';

interface CompareChartProps {
  readonly runs: readonly Run[];
  readonly label: string;
  readonly series: Map<number, SeriesBuffer>;
  readonly version: number;
  readonly smoothing: number;
  readonly log: boolean;
}

/** One metric of several runs overlaid on a shared step axis, with a legend of runs and a hover readout. */
export function CompareChart({ runs, label, series, version, smoothing, log }: CompareChartProps) {
  const readoutRef = useRef<HTMLParagraphElement>(null);
  const hoverRef = useRef<number | null>(null);

  const { data, ys } = useMemo(() => {
    const input = runs.map((r) => {
      const s = series.get(r.id);
      return s ? { steps: s.steps, values: smoothing > 0 ? ema(s.values, smoothing) : s.values } : { steps: [], values: [] };
    });
    const aligned = alignOnSteps(input);
    return { data: [aligned.x, ...aligned.ys] as uPlot.AlignedData, ys: aligned.ys };
  }, [runs, series, version, smoothing]);

  let min = Infinity;
  for (const y of ys) for (const v of y) if (v !== null && v < min) min = v;
  const logOn = log && min > 0 && Number.isFinite(min);
  const runKey = runs.map((r) => r.id).join(',');

  const describe = (idx: number | null | undefined): string => {
    const x = data[0] as number[];
    if (x.length === 0) return 'No points yet.';
    if (idx === null || idx === undefined) return 'Hover the chart for every run’s value at a step.';
    const i = idx;
    const parts = runs.map((r, k) => {
      const y = (data[k + 1] as (number | null)[])[i];
      return `${r.name}: ${formatValue(y)}`;
    });
    return `step ${x[i]} · ${parts.join(' · ')}`;
  };
  const describeRef = useRef(describe);
  describeRef.current = describe;

  const { containerRef } = useUplot(
    (width) => {
      const opts = baseOptions(width, {
        log: logOn,
        height: 260,
        series: runs.map((r, i) => ({ label: r.name, stroke: colorAt(i), width: 1.5, spanGaps: true, points: { show: false } })),
      });
      opts.hooks = {
        setCursor: [
          (u) => {
            hoverRef.current = u.cursor.idx ?? null;
            if (readoutRef.current) readoutRef.current.textContent = describeRef.current(u.cursor.idx);
          },
        ],
      };
      return opts;
    },
    data,
    `${logOn}|${runKey}`,
  );

  useEffect(() => {
    if (readoutRef.current && hoverRef.current === null) readoutRef.current.textContent = describeRef.current(null);
  });

  return (
    <figure className="chart compare-chart" aria-label={`${label} of ${runs.length} runs`}>
      <ul className="compare-legend" aria-label="Compared runs">
        {runs.map((r, i) => {
          const s = series.get(r.id);
          return (
            <li key={r.id} data-run-id={r.id} data-points={s?.length ?? 0}>
              <span className="swatch" style={{ background: colorAt(i) }} aria-hidden="true" />
              <span className="legend-name">{r.name}</span>
              <span className="muted">
                {s?.length ?? 0} points{s && s.lastValue !== undefined ? ` · last ${formatValue(s.lastValue)}` : ''}
              </span>
            </li>
          );
        })}
      </ul>
      <p className="chart-readout compare-readout" ref={readoutRef} data-testid="compare-readout" />
      <div className="chart-plot" ref={containerRef} role="img" aria-label={`${label} curves of ${runs.map((r) => r.name).join(', ')}`} />
      {log && !logOn && (data[0] as number[]).length > 0 && <p className="chart-note">Linear: has values ≤ 0.</p>}
    </figure>
  );
}
