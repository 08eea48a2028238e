import type { Run } from '../../../../app/api/schemas/runs';
import { ItemTable, type Column } from '../../common/ItemTable';
import { formatCount, formatDateTime } from '../../common/format';
import { formatValue } from '../model/metrics';
import { methodLabel } from '../model/presets';
import { StatusBadge } from '../monitor/StatusBadge';

const COLUMNS: readonly Column[] = [
  { label: 'Compare' },
  { label: 'Name' },
  { label: 'Status' },
  { label: 'Method' },
  { label: 'Steps', num: true },
  { label: 'Last losses' },
  { label: 'Checkpoints', num: true },
  { label: 'Created' },
];

/** "total 4.12" first, then the other terms. */
function Losses({ losses }: { losses: Run['losses'] }) {
  const entries = Object.entries(losses).sort(([a], [b]) => (a === 'total' ? -1 : b === 'total' ? 1 : a.localeCompare(b)));
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <span className="losses">
      {entries.map(([k, v]) => (
        <span key={k} className={k === 'total' ? 'loss total' : 'loss'}>
          {k} {formatValue(v)}
        </span>
      ))}
    </span>
  );
}

interface RunsTableProps {
  readonly runs: readonly Run[];
  readonly openId: number | undefined;
  readonly selected: ReadonlySet<number>;
  onToggle(run: Run, selected: boolean): void;
  onOpen(run: Run): void;
  onDelete(run: Run): void;
}

export function RunsTable({ runs, openId, selected, onToggle, onOpen, onDelete }: RunsTableProps) {
  return (
    <div className="runs-scroll">
      <ItemTable label="Runs" className="runs" columns={COLUMNS}>
        {runs.map((r) => {
          const open = r.id === openId;
          return (
            <tr key={r.id} className={open ? 'current' : undefined} aria-current={open ? 'true' : undefined} data-run-id={r.id} data-status={r.status}>
              <td className="select-cell">
                <input type="checkbox" checked={selected.has(r.id)} aria-label={`Compare ${r.name}`} onChange={(e) => onToggle(r, e.target.checked)} />
              </td>
              <th scope="row" className="name-cell">
                <button type="button" className="link-button run-name" onClick={() => onOpen(r)} aria-pressed={open}>
                  {r.name}
                </button>
              </th>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td data-col="method">{methodLabel(r.method)}</td>
              <td className="num steps-cell" data-col="steps">
                {formatCount(r.stepsDone)} / {formatCount(r.stepsTotal)}
                <progress max={Math.max(1, r.stepsTotal)} value={r.stepsDone} aria-hidden="true" />
              </td>
              <td data-col="losses">
                <Losses losses={r.losses} />
              </td>
              <td className="num" data-col="checkpoints">
                {r.checkpoints}
              </td>
              <td>
                <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
              </td>
              <td className="row-actions">
                <button type="button" className="danger-quiet" onClick={() => onDelete(r)} aria-label={`Delete ${r.name}`}>
                  Delete
                </button>
              </td>
            </tr>
          );
        })}
      </ItemTable>
    </div>
  );
}
