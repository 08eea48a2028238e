import { useId, useState } from 'react';
import type { Run } from '../../../../app/api/schemas/runs';
import { ChartControls, useChartPrefs } from '../charts/ChartControls';
import { chartedMetrics, metricSpec } from '../model/metrics';
import { ConfigDiffTable } from './ConfigDiffTable';
import { CompareChart } from './CompareChart';
import { useCompareSeries } from './useCompareSeries';

const COMMON = ['lr', 'weight_decay', 'momentum', 'teacher_temp', 'images_per_s', 'ms_per_step', 'rss_mb', 'num_tensors'];

/** The metrics the runs can be compared on: every loss term any of them reports, then the common ones. */
export function comparableMetrics(runs: readonly Run[]): string[] {
  const losses = new Set<string>(['loss/total']);
  for (const r of runs) for (const k of Object.keys(r.losses)) losses.add(`loss/${k}`);
  return chartedMetrics([...losses, ...COMMON]);
}

/** Selected runs overlaid on one chosen metric, with a diff of their configurations. */
export function ComparePanel({ runs, onClose }: { runs: readonly Run[]; onClose(): void }) {
  const id = useId();
  const metrics = comparableMetrics(runs);
  const [metric, setMetric] = useState('loss/total');
  const [prefs, setPrefs] = useChartPrefs();
  const spec = metricSpec(metric);
  const { series, version, error } = useCompareSeries(runs, metric);

  return (
    <section className="compare" aria-labelledby={`${id}-title`}>
      <header className="monitor-head">
        <h2 id={`${id}-title`} className="monitor-title">
          Compare {runs.length} runs
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      <ChartControls prefs={prefs} onChange={setPrefs}>
        <label htmlFor={`${id}-metric`}>Metric</label>
        <select id={`${id}-metric`} value={metric} onChange={(e) => setMetric(e.target.value)}>
          {metrics.map((m) => (
            <option key={m} value={m}>
              {metricSpec(m).label}
            </option>
          ))}
        </select>
      </ChartControls>
      {error && <p className="error-text">Could not load metrics: {error}</p>}
      <CompareChart runs={runs} label={spec.label} series={series} version={version} smoothing={spec.smooth ? prefs.smoothing : 0} log={prefs.log && spec.log === true} />
      <ConfigDiffTable runs={runs} />
    </section>
  );
}
