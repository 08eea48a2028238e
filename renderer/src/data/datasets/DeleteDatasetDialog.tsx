import type { Dataset } from '../../../../app/api/contract';
import { useApi } from '../../api/ApiContext';
import { ConfirmDeleteDialog } from '../../common/ConfirmDeleteDialog';
import { plural } from '../../common/format';

export function DeleteDatasetDialog({ dataset, onDeleted, onClose }: { dataset: Dataset; onDeleted(): void; onClose(): void }) {
  const api = useApi();
  return (
    <ConfirmDeleteDialog
      noun="dataset"
      name={dataset.name}
      remove={() => api.call('datasets.delete', { id: dataset.id })}
      onDeleted={onDeleted}
      onClose={onClose}
    >
      <p>
        This removes {plural(dataset.counts.total, 'image record')} with their annotations and cached copies from the studio. The source
        files you imported from are not touched. This cannot be undone.
      </p>
    </ConfirmDeleteDialog>
  );
}
