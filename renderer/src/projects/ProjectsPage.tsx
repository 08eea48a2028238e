import { useState } from 'react';
import type { Project } from '../../../app/api/contract';
import { FormError } from '../common/FormError';
import { ItemTable, type Column } from '../common/ItemTable';
import { CreateProjectForm } from './CreateProjectForm';
import { DeleteProjectDialog } from './DeleteProjectDialog';
import { ProjectRow } from './ProjectRow';
import { useProjects } from './ProjectsContext';

const COLUMNS: readonly Column[] = [
  { label: 'Name' },
  { label: 'Created' },
  { label: 'Datasets', num: true },
  { label: 'Images', num: true },
  { label: 'Runs', num: true },
];

export function ProjectsPage() {
  const { projects, error, loading, current, select, reload } = useProjects();
  const [deleting, setDeleting] = useState<Project>();
  const [notice, setNotice] = useState('');

  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Projects</h1>
        <p className="muted">A project groups datasets, landmark annotations and training runs.</p>
      </header>

      <CreateProjectForm
        onCreated={(p) => {
          setNotice(`Created project “${p.name}”.`);
          reload();
        }}
      />

      <p className="notice" role="status" aria-live="polite">
        {notice}
      </p>

      {error && <FormError>Could not load projects: {error.message}</FormError>}
      {!projects && loading && <p className="muted">Loading projects…</p>}
      {projects && projects.length === 0 && <p className="muted">No projects yet. Create one above.</p>}
      {projects && projects.length > 0 && (
        <ItemTable label="Projects" columns={COLUMNS}>
          {projects.map((p) => (
            <ProjectRow
              key={p.id}
              project={p}
              isCurrent={p.id === current?.id}
              onSelect={() => select(p.id)}
              onRenamed={(renamed) => {
                setNotice(`Renamed “${p.name}” to “${renamed.name}”.`);
                reload();
              }}
              onDelete={() => setDeleting(p)}
            />
          ))}
        </ItemTable>
      )}

      {deleting && (
        <DeleteProjectDialog
          project={deleting}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            setNotice(`Deleted project “${deleting.name}”.`);
            setDeleting(undefined);
            reload();
          }}
        />
      )}
    </section>
  );
}
