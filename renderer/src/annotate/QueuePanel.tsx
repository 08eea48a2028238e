import type { ImageWorkStatus, QueueItem, QueueOutput } from '../../../app/api/schemas/annotations';
import { formatCount, formatDateTime, formatSeconds, plural } from '../common/format';
import { ItemTable, type Column } from '../common/ItemTable';
import { ProgressPanel } from './ProgressPanel';
import { STATUS_ORDER, STATUS_TEXT } from './status';

/** Rows shown at most; annotating walks the whole loaded queue. */
const SHOWN = 300;

const COLUMNS: readonly Column[] = [
  { label: '#', num: true },
  { label: 'File' },
  { label: 'Status' },
  { label: 'Placed', num: true },
  { label: 'Absent', num: true },
  { label: 'Time', num: true },
  { label: 'Last change' },
];

interface QueuePanelProps {
  readonly queue: QueueOutput | undefined;
  readonly loading: boolean;
  readonly filter: ImageWorkStatus | 'all';
  readonly pointCount: number;
  readonly canStart: boolean;
  onFilter(filter: ImageWorkStatus | 'all'): void;
  onOpen(index: number): void;
}

/** The work order (not started first) with progress, a status filter, and where to start. */
export function QueuePanel({ queue, loading, filter, pointCount, canStart, onFilter, onOpen }: QueuePanelProps) {
  const items: readonly QueueItem[] = queue?.items ?? [];
  return (
    <section className="queue-panel" aria-labelledby="queue-title">
      <div className="section-bar">
        <h2 id="queue-title">Work queue</h2>
        <label className="filter">
          <span>Status</span>
          <select aria-label="Status filter" value={filter} onChange={(e) => onFilter(e.target.value as ImageWorkStatus | 'all')}>
            <option value="all">All</option>
            {STATUS_ORDER.map((s) => (
              <option key={s} value={s}>
                {STATUS_TEXT[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" disabled={!canStart || items.length === 0} onClick={() => onOpen(0)} data-testid="start-annotating">
          {items[0]?.status === 'not_started' ? 'Start annotating' : 'Annotate'}
          {items[0] ? ` ${items[0].fileName}` : ''}
        </button>
        {loading && <span className="muted">Loading…</span>}
      </div>
      <ProgressPanel progress={queue?.progress} />
      {queue && items.length === 0 && <p className="muted">No images {filter === 'all' ? 'to annotate in this dataset yet: import some on the Data page' : `with status “${STATUS_TEXT[filter]}”`}.</p>}
      {items.length > 0 && (
        <div className="queue-scroll">
          <ItemTable label="Queue" className="compact queue-table" columns={COLUMNS}>
            {items.slice(0, SHOWN).map((item, i) => (
              <tr key={item.imageId} data-file={item.fileName}>
                <td className="num">{i + 1}</td>
                <td className="queue-file">{item.fileName}</td>
                <td>
                  <span className={`status-badge status-${item.status}`}>{STATUS_TEXT[item.status]}</span>
                </td>
                <td className="num">
                  {item.placed} / {pointCount}
                </td>
                <td className="num">{item.absent}</td>
                <td className="num">{item.secondsSpent > 0 ? formatSeconds(item.secondsSpent) : '—'}</td>
                <td>{item.updatedAt ? formatDateTime(item.updatedAt) : '—'}</td>
                <td className="row-actions">
                  <button type="button" disabled={!canStart} onClick={() => onOpen(i)} aria-label={`Annotate ${item.fileName}`}>
                    Annotate
                  </button>
                </td>
              </tr>
            ))}
          </ItemTable>
        </div>
      )}
      {queue && queue.total > SHOWN && (
        <p className="muted">
          Showing the first {formatCount(SHOWN)} of {plural(queue.total, 'image')}; Next/Previous in the annotator walk them all.
        </p>
      )}
    </section>
  );
}
