import type { LandmarkErrorStats } from '../../../../app/api/schemas/explore';
import { boxPlotLayout } from '../model/boxplot';

const BOX = 12;

const describe = (s: LandmarkErrorStats) =>
  `${s.landmark}: median ${s.box.median.toFixed(1)} px, quartiles ${s.box.q1.toFixed(1)}–${s.box.q3.toFixed(1)} px, whiskers ${s.box.whiskerLow.toFixed(1)}–${s.box.whiskerHigh.toFixed(1)} px, range ${s.box.min.toFixed(1)}–${s.box.max.toFixed(1)} px, ${s.box.outliers.length} outliers`;

/** Error per landmark (px) as horizontal Tukey box plots on one axis: box q1–q3, the median, whiskers and outliers. */
export function BoxPlot({ stats }: { stats: readonly LandmarkErrorStats[] }) {
  const layout = boxPlotLayout(stats.map((s) => ({ label: s.landmark, box: s.box })));
  const axisY = layout.height - 24;
  return (
    <figure className="box-plot">
      <figcaption>Error per landmark (px, original frame)</figcaption>
      <svg viewBox={`0 0 ${layout.width} ${layout.height}`} width={layout.width} height={layout.height} role="img" aria-label={`Box plot of the error of ${stats.length} landmarks`}>
        {layout.ticks.map((t) => (
          <g key={t.value}>
            <line x1={t.x} x2={t.x} y1={0} y2={axisY} className="grid-line" />
            <text x={t.x} y={axisY + 14} className="tick-label" textAnchor="middle">
              {t.value}
            </text>
          </g>
        ))}
        {layout.rows.map((r, i) => (
          <g key={r.label} className="box-row">
            <title>{describe(stats[i]!)}</title>
            <text x={layout.left - 8} y={r.y + 4} className="row-label" textAnchor="end">
              {r.label}
            </text>
            <line x1={r.whiskerLow} x2={r.q1} y1={r.y} y2={r.y} className="whisker" />
            <line x1={r.q3} x2={r.whiskerHigh} y1={r.y} y2={r.y} className="whisker" />
            <line x1={r.whiskerLow} x2={r.whiskerLow} y1={r.y - BOX / 4} y2={r.y + BOX / 4} className="whisker" />
            <line x1={r.whiskerHigh} x2={r.whiskerHigh} y1={r.y - BOX / 4} y2={r.y + BOX / 4} className="whisker" />
            <rect x={r.q1} y={r.y - BOX / 2} width={Math.max(1, r.q3 - r.q1)} height={BOX} className="box" />
            <line x1={r.median} x2={r.median} y1={r.y - BOX / 2} y2={r.y + BOX / 2} className="median" />
            {r.outliers.map((x, i) => (
              <circle key={i} cx={x} cy={r.y} r={2.5} className="outlier" />
            ))}
          </g>
        ))}
      </svg>
    </figure>
  );
}
