import { useState } from 'react';
import type { Project } from '../../../app/api/contract';
import { CreateProjectForm } from './CreateProjectForm';
import { DeleteProjectDialog } from './DeleteProjectDialog';
import { ProjectRow } from './ProjectRow';
import { useProjects } from './ProjectsContext';

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

      {error && (
        <p className="form-error" role="alert">
          Could not load projects: {error.message}
        </p>
      )}
      {!projects && loading && <p className="muted">Loading projects…</p>}
      {projects && projects.length === 0 && <p className="muted">No projects yet. Create one above.</p>}
      {projects && projects.length > 0 && (
        <table className="table" aria-label="Projects">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col" className="num">Datasets</th>
              <th scope="col" className="num">Images</th>
              <th scope="col" className="num">Runs</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
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
