import { chartedMetrics, metricSpec } from '../model/metrics';
import type { MetricStore } from '../model/series';
import { ChartControls, useChartPrefs } from './ChartControls';
import { MetricChart } from './MetricChart';
import { colorAt } from './palette';

/** Every metric of a run as a grid of small charts sharing a hover crosshair, with smoothing and log-scale options. */
export function RunCharts({ runId, store, version }: { runId: number; store: MetricStore; version: number }) {
  const [prefs, setPrefs] = useChartPrefs();
  const names = chartedMetrics(store.names);
  return (
    <div className="run-charts">
      <ChartControls prefs={prefs} onChange={setPrefs} />
      {names.length === 0 ? (
        <p className="muted chart-empty">No metrics yet: the charts appear with the first training step.</p>
      ) : (
        <div className="chart-grid">
          {names.map((name, i) => {
            const spec = metricSpec(name);
            return (
              <MetricChart
                key={name}
                name={name}
                label={spec.label}
                unit={spec.unit}
                series={store.get(name)}
                version={version}
                smoothing={prefs.smoothing}
                smooth={spec.smooth}
                log={prefs.log && spec.log === true}
                syncKey={`run-${runId}`}
                color={colorAt(i)}
              />
            );
          })}
        </div>
      )}
    </div>
  );
}
