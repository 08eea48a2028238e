import { useState, type FormEvent } from 'react';
import type { Project } from '../../../app/api/contract';
import { useApi } from '../api/ApiContext';
import { fieldErrors } from '../api/fieldErrors';
import { FieldError } from '../common/FieldError';
import { formatCount, formatDateTime } from '../common/format';

interface ProjectRowProps {
  readonly project: Project;
  readonly isCurrent: boolean;
  onSelect(): void;
  onRenamed(project: Project): void;
  onDelete(): void;
}

/** One project in the table; its name turns into an input for renaming in place. */
export function ProjectRow({ project, isCurrent, onSelect, onRenamed, onDelete }: ProjectRowProps) {
  const api = useApi();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(project.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const inputId = `rename-project-${project.id}`;
  const errorId = `${inputId}-error`;

  const startEditing = () => {
    setDraft(project.name);
    setError(undefined);
    setEditing(true);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (draft === project.name) {
      setEditing(false);
      return;
    }
    setBusy(true);
    try {
      const renamed = await api.call('projects.rename', { id: project.id, name: draft });
      setEditing(false);
      setError(undefined);
      onRenamed(renamed);
    } catch (err) {
      const { byField, general } = fieldErrors(err, ['name'], 'name');
      setError(byField.name ?? general);
    } finally {
      setBusy(false);
    }
  };

  return (
    <tr aria-current={isCurrent ? 'true' : undefined} className={isCurrent ? 'current' : undefined}>
      <th scope="row" className="name-cell">
        {editing ? (
          <form className="rename-form" onSubmit={save} aria-label={`Rename ${project.name}`} noValidate>
            <label htmlFor={inputId} className="visually-hidden">
              New name for {project.name}
            </label>
            <input
              id={inputId}
              value={draft}
              autoFocus
              autoComplete="off"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setEditing(false);
              }}
            />
            <button type="submit" className="primary" disabled={busy}>
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)} disabled={busy}>
              Cancel
            </button>
            <FieldError id={errorId} message={error} />
          </form>
        ) : (
          <>
            <span className="project-name">{project.name}</span>
            {isCurrent && <span className="badge">current</span>}
            {project.description && <span className="project-description">{project.description}</span>}
          </>
        )}
      </th>
      <td>
        <time dateTime={project.createdAt} title={project.createdAt}>
          {formatDateTime(project.createdAt)}
        </time>
      </td>
      <td className="num">{formatCount(project.datasetCount)}</td>
      <td className="num">{formatCount(project.imageCount)}</td>
      <td className="num">{formatCount(project.runCount)}</td>
      <td className="row-actions">
        {!editing && (
          <>
            <button type="button" onClick={onSelect} disabled={isCurrent} aria-label={`Make ${project.name} the current project`}>
              Open
            </button>
            <button type="button" onClick={startEditing} aria-label={`Rename ${project.name}`}>
              Rename
            </button>
            <button type="button" className="danger-quiet" onClick={onDelete} aria-label={`Delete ${project.name}`}>
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
