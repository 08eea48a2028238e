import { useEffect, useState } from 'react';
import type { Run } from '../../../../app/api/schemas/runs';
import { useApi } from '../../api/ApiContext';
import { errorMessage } from '../../api/fieldErrors';
import { ConfirmDialog } from '../../common/ConfirmDialog';

type Action = 'pause' | 'resume' | 'stop';
const OPS = { pause: 'runs.pause', resume: 'runs.resume', stop: 'runs.stop' } as const;

/**
 * Pause (checkpoint, resumable), Resume (from the last checkpoint) and Stop (checkpoint and finish; asks first).
 * Pausing and stopping take until the trainer has written its checkpoint: the button says so meanwhile.
 */
export function RunControls({ run, onChanged }: { run: Run; onChanged(run: Run): void }) {
  const api = useApi();
  const [pending, setPending] = useState<Action | null>(null);
  const [confirmStop, setConfirmStop] = useState(false);
  const [error, setError] = useState<string>();

  // A requested pause or stop is done when the status moves on.
  useEffect(() => setPending(null), [run.status]);

  const act = async (action: Action) => {
    setError(undefined);
    setPending(action);
    try {
      const updated = await api.call(OPS[action], { id: run.id });
      onChanged(updated);
      if (updated.status !== run.status || action === 'resume') setPending(null);
    } catch (err) {
      setPending(null);
      setError(errorMessage(err));
    }
  };

  const s = run.status;
  const canPause = s === 'running' || s === 'queued';
  const canResume = s === 'paused' || s === 'interrupted' || s === 'failed';
  const canStop = s === 'running' || s === 'queued' || s === 'paused' || s === 'interrupted';

  return (
    <div className="run-controls">
      {canPause && (
        <button type="button" onClick={() => void act('pause')} disabled={pending !== null}>
          {pending === 'pause' ? 'Pausing…' : 'Pause'}
        </button>
      )}
      {canResume && (
        <button type="button" className="primary" onClick={() => void act('resume')} disabled={pending !== null}>
          {pending === 'resume' ? 'Resuming…' : 'Resume'}
        </button>
      )}
      {canStop && (
        <button type="button" className="danger-quiet" onClick={() => setConfirmStop(true)} disabled={pending !== null}>
          {pending === 'stop' ? 'Stopping…' : 'Stop'}
        </button>
      )}
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
      {confirmStop && (
        <ConfirmDialog
          title={`Stop run “${run.name}”?`}
          confirmLabel="Stop run"
          danger
          onCancel={() => setConfirmStop(false)}
          onConfirm={() => {
            setConfirmStop(false);
            void act('stop');
          }}
        >
          <p>
            The run saves a checkpoint and ends as <strong>finished</strong> at step {run.stepsDone} of {run.stepsTotal}. A finished run cannot be
            resumed; pause it instead to continue later.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
