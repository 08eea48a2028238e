import type { Run } from '../../../../app/api/schemas/runs';

const LABELS: Record<Run['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  paused: 'Paused',
  finished: 'Finished',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

export function statusLabel(status: Run['status']): string {
  return LABELS[status];
}

/** A run's status as a coloured pill; `data-status` carries the raw value. */
export function StatusBadge({ status }: { status: Run['status'] }) {
  return (
    <span className={`run-status status-${status}`} data-status={status} data-testid="run-status">
      {status === 'running' && <span className="pulse" aria-hidden="true" />}
      {LABELS[status]}
    </span>
  );
}
