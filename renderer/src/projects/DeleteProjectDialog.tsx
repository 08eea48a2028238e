import { useState } from 'react';
import type { Project } from '../../../app/api/contract';
import { useApi } from '../api/ApiContext';
import { errorMessage } from '../api/fieldErrors';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { formatCount } from '../common/format';

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

export function DeleteProjectDialog({ project, onDeleted, onClose }: { project: Project; onDeleted(): void; onClose(): void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.call('projects.delete', { id: project.id });
      onDeleted();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <ConfirmDialog
      title={`Delete project “${project.name}”?`}
      confirmLabel="Delete project"
      danger
      busy={busy}
      error={error}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <p>
        This removes the project with its {plural(project.datasetCount, 'dataset')}, {plural(project.imageCount, 'image')} and{' '}
        {plural(project.runCount, 'run')} from the database. Files on disk outside the data folder are not touched. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
