import type { LandmarkEvalOutput } from '../../../../app/api/schemas/explore';
import { formatPercent, formatPx } from '../model/report';

type Row = Pick<LandmarkEvalOutput['overall'], 'count' | 'meanPx' | 'medianPx' | 'pck25' | 'pck50' | 'pck100'>;

const COLUMNS = ['n', 'Mean', 'Median', 'PCK@25', 'PCK@50', 'PCK@100'] as const;

/** Error per landmark, with all landmarks together and the "unchanged position" floor any model must beat on top. */
export function LandmarkTable({ result }: { result: LandmarkEvalOutput }) {
  return (
    <table className="table compact landmark-table" aria-label="Landmark error">
      <thead>
        <tr>
          <th scope="col">Landmark</th>
          {COLUMNS.map((c) => (
            <th key={c} scope="col" className="num">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <StatsRow name="All landmarks" stats={result.overall} className="overall-row" />
        <StatsRow name="Unchanged position (reference)" stats={result.unchanged} className="reference-row" />
        {result.perLandmark.map((s) => (
          <StatsRow key={s.landmark} name={s.landmark} stats={s} />
        ))}
      </tbody>
    </table>
  );
}

function StatsRow({ name, stats, className }: { name: string; stats: Row; className?: string }) {
  return (
    <tr className={className}>
      <th scope="row">{name}</th>
      <td className="num">{stats.count}</td>
      <td className="num">{formatPx(stats.meanPx)}</td>
      <td className="num">{formatPx(stats.medianPx)}</td>
      <td className="num">{formatPercent(stats.pck25)}</td>
      <td className="num">{formatPercent(stats.pck50)}</td>
      <td className="num">{formatPercent(stats.pck100)}</td>
    </tr>
  );
}
