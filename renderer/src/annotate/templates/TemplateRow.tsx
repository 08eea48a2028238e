import type { Template } from '../../../../app/api/schemas/annotations';
import { useApi } from '../../api/ApiContext';
import { formatCount, formatDateTime } from '../../common/format';
import { InlineRenameForm, RowActions, useInlineRename } from '../../common/InlineRename';

interface TemplateRowProps {
  readonly template: Template;
  readonly current: boolean;
  onRenamed(template: Template): void;
  onEdit(): void;
  onDuplicate(): void;
  onExport(): void;
  onDelete(): void;
}

/** One template: counts, rename in place, edit, duplicate, export, delete. */
export function TemplateRow({ template: t, current, onRenamed, onEdit, onDuplicate, onExport, onDelete }: TemplateRowProps) {
  const api = useApi();
  const rename = useInlineRename(t.name, (name) => api.call('templates.update', { id: t.id, name, expectedRevision: t.revision }), onRenamed);
  return (
    <tr className={current ? 'current' : undefined}>
      <th scope="row" className="name-cell">
        {rename.editing ? <InlineRenameForm inputId={`rename-template-${t.id}`} state={rename} /> : <span className="template-name">{t.name}</span>}
      </th>
      <td className="num">{t.points.length}</td>
      <td className="num">{formatCount(t.annotationCount)}</td>
      <td>{formatDateTime(t.updatedAt)}</td>
      <RowActions name={t.name} rename={rename} onDelete={onDelete}>
        <button type="button" onClick={onEdit} aria-label={`Edit ${t.name}`}>
          Edit
        </button>
        <button type="button" onClick={onDuplicate} aria-label={`Duplicate ${t.name}`}>
          Duplicate
        </button>
        <button type="button" onClick={onExport} aria-label={`Export ${t.name}`}>
          Export
        </button>
      </RowActions>
    </tr>
  );
}
