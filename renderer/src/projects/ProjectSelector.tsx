import { useProjects } from './ProjectsContext';

export function ProjectSelector() {
  const { projects, current, select } = useProjects();
  return (
    <div className="project-selector">
      <label htmlFor="current-project">Current project</label>
      <select
        id="current-project"
        value={current?.id ?? ''}
        disabled={!projects || projects.length === 0}
        onChange={(e) => select(Number(e.target.value))}
      >
        {!projects && <option value="">Loading…</option>}
        {projects?.length === 0 && <option value="">No projects</option>}
        {projects?.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
}
