import { useId } from 'react';
import type { ModelReport } from '../../../../app/api/schemas/explore';
import { colorAt } from '../../runs/charts/palette';
import { linearScale, linePath, niceTicks, occupiedRange } from '../model/chart';

const W = 520;
const H = 200;
const PAD = { left: 40, right: 12, top: 10, bottom: 28 };

/** The distribution of compositionality (cosine of a patch to the mean of its sub-patches) of each report. */
export function KdePlot({ reports }: { reports: readonly ModelReport[] }) {
  const clipId = useId();
  const curves = reports.flatMap((r, i) => (r.metrics.compositionality ? [{ report: r, kde: r.metrics.compositionality.kde, color: colorAt(i) }] : []));
  if (curves.length === 0) return null;
  const range = occupiedRange(curves.map((c) => c.kde));
  if (!range) return null;
  const ys = curves.flatMap((c) => c.kde.y);
  const xTicks = niceTicks(range.min, range.max, 5);
  const yTicks = niceTicks(0, Math.max(...ys), 4);
  const sx = linearScale(xTicks[0]!, xTicks[xTicks.length - 1]!, PAD.left, W - PAD.right);
  const sy = linearScale(0, yTicks[yTicks.length - 1]!, H - PAD.bottom, PAD.top);
  return (
    <figure className="kde-plot">
      <figcaption>Compositionality: density of cos(patch, mean of its sub-patches); narrower and nearer 1 is better</figcaption>
      <ul className="kde-legend" aria-label="Reports in the plot">
        {curves.map((c) => (
          <li key={c.report.id}>
            <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
            {c.report.sourceLabel}
          </li>
        ))}
      </ul>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`Compositionality density of ${curves.length} sources`}>
        {xTicks.map((t) => (
          <g key={`x${t}`}>
            <line x1={sx(t)} x2={sx(t)} y1={PAD.top} y2={H - PAD.bottom} className="grid-line" />
            <text x={sx(t)} y={H - PAD.bottom + 14} className="tick-label" textAnchor="middle">
              {t}
            </text>
          </g>
        ))}
        {yTicks.map((t) => (
          <text key={`y${t}`} x={PAD.left - 6} y={sy(t) + 4} className="tick-label" textAnchor="end">
            {t}
          </text>
        ))}
        <clipPath id={clipId}>
          <rect x={PAD.left} y={0} width={W - PAD.left - PAD.right} height={H} />
        </clipPath>
        {curves.map((c) => (
          <path key={c.report.id} d={linePath(c.kde.x, c.kde.y, sx, sy)} fill="none" stroke={c.color} strokeWidth={1.75} clipPath={`url(#${clipId})`} />
        ))}
      </svg>
    </figure>
  );
}
