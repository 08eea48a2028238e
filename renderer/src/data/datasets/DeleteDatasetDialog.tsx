import { useState } from 'react';
import type { Dataset } from '../../../../app/api/contract';
import { useApi } from '../../api/ApiContext';
import { errorMessage } from '../../api/fieldErrors';
import { ConfirmDialog } from '../../common/ConfirmDialog';
import { formatCount } from '../../common/format';

export function DeleteDatasetDialog({ dataset, onDeleted, onClose }: { dataset: Dataset; onDeleted(): void; onClose(): void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.call('datasets.delete', { id: dataset.id });
      onDeleted();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  const n = dataset.counts.total;
  return (
    <ConfirmDialog
      title={`Delete dataset “${dataset.name}”?`}
      confirmLabel="Delete dataset"
      danger
      busy={busy}
      error={error}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <p>
        This removes {formatCount(n)} image record{n === 1 ? '' : 's'} with their annotations and cached copies from the studio. The
        source files you imported from are not touched. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
