import type { Project } from '../../../app/api/contract';
import { useApi } from '../api/ApiContext';
import { InlineRenameForm, RowActions, useInlineRename } from '../common/InlineRename';
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
  const rename = useInlineRename(project.name, (name) => api.call('projects.rename', { id: project.id, name }), onRenamed);

  return (
    <tr aria-current={isCurrent ? 'true' : undefined} className={isCurrent ? 'current' : undefined}>
      <th scope="row" className="name-cell">
        {rename.editing ? (
          <InlineRenameForm inputId={`rename-project-${project.id}`} state={rename} />
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
      <RowActions name={project.name} rename={rename} onDelete={onDelete}>
        <button type="button" onClick={onSelect} disabled={isCurrent} aria-label={`Make ${project.name} the current project`}>
          Open
        </button>
      </RowActions>
    </tr>
  );
}
