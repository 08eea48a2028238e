import type { Project } from '../../../app/api/contract';
import { useApi } from '../api/ApiContext';
import { ConfirmDeleteDialog } from '../common/ConfirmDeleteDialog';
import { plural } from '../common/format';

export function DeleteProjectDialog({ project, onDeleted, onClose }: { project: Project; onDeleted(): void; onClose(): void }) {
  const api = useApi();
  return (
    <ConfirmDeleteDialog
      noun="project"
      name={project.name}
      remove={() => api.call('projects.delete', { id: project.id })}
      onDeleted={onDeleted}
      onClose={onClose}
    >
      <p>
        This removes the project with its {plural(project.datasetCount, 'dataset')}, {plural(project.imageCount, 'image')} and{' '}
        {plural(project.runCount, 'run')} from the database. Files on disk outside the data folder are not touched. This cannot be undone.
      </p>
    </ConfirmDeleteDialog>
  );
}
