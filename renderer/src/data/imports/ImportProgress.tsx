import { formatCount, formatDuration, formatRate } from '../../common/format';
import type { ImportJob } from './useImportJobs';

/** "120 / 520 files · 43.1 images/s · ETA 9 s", or the scanning message before the total is known. */
export function progressLine(entry: ImportJob): string {
  const p = entry.progress;
  if (!p) return 'Starting…';
  if (p.total === null) return p.message ? capitalise(p.message) : 'Scanning…';
  return `${formatCount(p.done)} / ${formatCount(p.total)} files · ${formatRate(p.rate)} images/s · ETA ${formatDuration(p.etaSeconds)}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Live progress of a running import with its failures so far; the job runs on the host whether or not this is open. */
export function ImportProgress({ entry, onCancel, onHide }: { entry: ImportJob; onCancel(): void; onHide(): void }) {
  const p = entry.progress;
  const failed = p?.total !== null && p?.message ? /^(\d+) failed so far$/.exec(p.message)?.[1] : undefined;
  return (
    <div className="import-progress">
      <progress
        aria-label="Import progress"
        max={p?.total ?? undefined}
        value={p?.total !== null && p?.total !== undefined ? p.done : undefined}
      />
      <p className="progress-text" data-testid="import-progress-text" aria-live="polite">
        {progressLine(entry)}
      </p>
      <p className={failed && failed !== '0' ? 'progress-failures has-failures' : 'progress-failures'} data-testid="import-failures-so-far">
        {failed !== undefined ? `${formatCount(Number(failed))} failed so far` : ' '}
      </p>
      <p className="muted hint">The import runs on the studio host: you can close this window or reload the page and come back to it.</p>
      <div className="dialog-actions">
        <button type="button" className="danger-quiet" onClick={onCancel} disabled={entry.cancelling}>
          {entry.cancelling ? 'Cancelling…' : 'Cancel import'}
        </button>
        <button type="button" onClick={onHide}>
          Run in background
        </button>
      </div>
    </div>
  );
}
