import { useState } from 'react';
import type { Run } from '../../../../app/api/schemas/runs';
import { useApi } from '../../api/ApiContext';
import { errorMessage } from '../../api/fieldErrors';
import { ConfirmDialog } from '../../common/ConfirmDialog';

/** Confirms deleting a run's records; the host refuses while the run trains, and its message is shown here. */
export function DeleteRunDialog({ run, onClose, onDeleted }: { run: Run; onClose(): void; onDeleted(): void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <ConfirmDialog
      title={`Delete run “${run.name}”?`}
      confirmLabel="Delete run"
      danger
      busy={busy}
      error={error}
      onCancel={onClose}
      onConfirm={async () => {
        setBusy(true);
        setError(undefined);
        try {
          await api.call('runs.delete', { id: run.id });
          onDeleted();
        } catch (err) {
          setError(errorMessage(err));
          setBusy(false);
        }
      }}
    >
      <p>
        Its record, metrics ({run.stepsDone} steps), log and list of {run.checkpoints} checkpoint{run.checkpoints === 1 ? '' : 's'} are deleted. Checkpoint
        files stay in the data folder; datasets are not touched.
      </p>
    </ConfirmDialog>
  );
}
