import { formatDuration, formatRate } from '../common/format';
import { FormError } from '../common/FormError';
import type { OperationState } from './useOperation';

interface OperationStatusProps {
  /** What runs, for the progress bar's name and the messages: "Landmark evaluation". */
  readonly label: string;
  readonly state: OperationState<unknown>;
  onCancel(): void;
}

/** A running operation's progress bar, counts, rate and ETA with Cancel; its error or cancellation once it ends. */
export function OperationStatus({ label, state, onCancel }: OperationStatusProps) {
  const { running, progress } = state;
  return (
    <div className="op-status">
      {running && (
        <div className="op-progress">
          <progress aria-label={`${label} progress`} max={progress?.total ?? undefined} value={progress && progress.total !== null ? progress.done : undefined} />
          <span className="progress-text">
            {progress
              ? [
                  progress.message,
                  `${progress.done} / ${progress.total ?? '?'}`,
                  progress.rate > 0 ? `${formatRate(progress.rate)}/s` : undefined,
                  progress.etaSeconds !== null ? `ETA ${formatDuration(progress.etaSeconds)}` : undefined,
                ]
                  .filter(Boolean)
                  .join(' · ')
              : 'Starting…'}
          </span>
          <button type="button" onClick={onCancel} aria-label={`Cancel ${label}`}>
            Cancel
          </button>
        </div>
      )}
      {state.cancelled && !running && (
        <p className="muted" role="status">
          {label} cancelled.
        </p>
      )}
      <FormError>{state.error && `${label} failed: ${state.error}`}</FormError>
    </div>
  );
}
