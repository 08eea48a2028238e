import type { ModelReport } from '../../../../app/api/schemas/explore';
import { formatDateTime } from '../../common/format';
import { formatMeanStd, formatPercent, formatPx } from '../model/report';

const COLUMNS = [
  { label: 'Source' },
  { label: 'Computed' },
  { label: 'Compositionality', num: true },
  { label: 'Decompositionality', num: true },
  { label: 'Retrieval top-1', num: true },
  { label: 'Landmark mean', num: true },
  { label: 'Landmark median', num: true },
  { label: 'PCK@50', num: true },
] as const;

/** Model reports side by side: one row per source, the metrics of spec §6 in columns. */
export function ReportTable({ reports }: { reports: readonly ModelReport[] }) {
  return (
    <table className="table compact report-table" aria-label="Model reports">
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <th key={c.label} scope="col" className={'num' in c ? 'num' : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {reports.map((r) => {
          const lm = r.metrics.landmarks;
          return (
            <tr key={r.id} data-source-kind={r.sourceKind}>
              <th scope="row">{r.sourceLabel}</th>
              <td>
                <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
              </td>
              <td className="num">{formatMeanStd(r.metrics.compositionality)}</td>
              <td className="num">{formatPercent(r.metrics.decompositionalityAccuracy)}</td>
              <td className="num">{formatPercent(r.metrics.retrievalTop1)}</td>
              <td className="num">{formatPx(lm?.meanPx)}</td>
              <td className="num">{formatPx(lm?.medianPx)}</td>
              <td className="num" title={lm ? `${lm.pairs} pairs` : undefined}>
                {formatPercent(lm?.pck50)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
