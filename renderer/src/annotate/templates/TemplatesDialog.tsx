import { useRef, useState } from 'react';
import type { Project } from '../../../../app/api/contract';
import type { Template } from '../../../../app/api/schemas/annotations';
import { useApi } from '../../api/ApiContext';
import { errorMessage } from '../../api/fieldErrors';
import { ConfirmDeleteDialog } from '../../common/ConfirmDeleteDialog';
import { downloadText } from '../../common/download';
import { TextField } from '../../common/Field';
import { formatCount } from '../../common/format';
import { FormError } from '../../common/FormError';
import { ItemTable, type Column } from '../../common/ItemTable';
import { PanelDialog } from '../../common/PanelDialog';
import { useFormSubmit } from '../../common/useFormSubmit';
import { TemplateEditor } from './TemplateEditor';
import { TemplateRow } from './TemplateRow';

interface TemplatesDialogProps {
  readonly project: Project;
  readonly templates: readonly Template[];
  readonly currentId: number | undefined;
  /** Something changed; `selectId` is a template to switch the session to (a new one). */
  onChanged(selectId?: number): void;
  onClose(): void;
}

const COLUMNS: readonly Column[] = [{ label: 'Name' }, { label: 'Points', num: true }, { label: 'Annotations', num: true }, { label: 'Changed' }];

/** The project's landmark templates: create, edit, duplicate, export/import JSON, delete. */
export function TemplatesDialog({ project, templates, currentId, onChanged, onClose }: TemplatesDialogProps) {
  const api = useApi();
  const fileRef = useRef<HTMLInputElement>(null);
  const [editing, setEditing] = useState<Template>();
  const [deleting, setDeleting] = useState<Template>();
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<string>();
  const [name, setName] = useState('');
  const create = useFormSubmit(['name'], async () => {
    const created = await api.call('templates.create', { projectId: project.id, name });
    setName('');
    setNotice(`Created “${created.name}” with the ${created.points.length} default chest points; edit it to change them.`);
    onChanged(created.id);
    setEditing(created);
  });

  const act = async (what: () => Promise<void>) => {
    setError(undefined);
    try {
      await what();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const duplicate = (t: Template) =>
    act(async () => {
      const copy = await api.call('templates.duplicate', { id: t.id });
      setNotice(`Duplicated “${t.name}” as “${copy.name}”.`);
      onChanged();
    });

  const exportTemplate = (t: Template) =>
    act(async () => {
      const file = await api.call('templates.export', { id: t.id });
      downloadText(file.fileName, file.content, file.mimeType);
      setNotice(`Exported “${t.name}” as ${file.fileName}.`);
    });

  const importFile = (file: File) =>
    act(async () => {
      const created = await api.call('templates.import', { projectId: project.id, content: await file.text() });
      setNotice(`Imported “${created.name}” (${created.points.length} points) from ${file.name}.`);
      onChanged();
    });

  if (editing) {
    return (
      <TemplateEditor
        template={editing}
        onSaved={(saved) => {
          setNotice(`Saved “${saved.name}”.`);
          onChanged();
          setEditing(undefined);
        }}
        onClose={() => setEditing(undefined)}
      />
    );
  }

  if (deleting) {
    const n = deleting.annotationCount;
    return (
      <ConfirmDeleteDialog
        noun="template"
        name={deleting.name}
        remove={() => api.call('templates.delete', { id: deleting.id, force: n > 0 })}
        onDeleted={() => {
          setNotice(`Deleted “${deleting.name}”${n > 0 ? ` and its ${formatCount(n)} annotations` : ''}.`);
          setDeleting(undefined);
          onChanged();
        }}
        onClose={() => setDeleting(undefined)}
      >
        {n > 0 ? (
          <p>
            Its <strong>{formatCount(n)} annotations</strong> (every dataset, every annotator) are deleted with it. Export them first if you may need them.
          </p>
        ) : (
          <p>It has no annotations.</p>
        )}
      </ConfirmDeleteDialog>
    );
  }

  return (
    <PanelDialog title="Landmark templates" className="templates-dialog" onClose={onClose}>
      <form className="create-form" aria-label="Create a template" onSubmit={create.submit} noValidate>
        <TextField id="new-template-name" label="New template" value={name} maxLength={120} error={create.errors.byField.name} onChange={setName} />
        <div className="field actions">
          <button type="submit" className="primary" disabled={create.busy}>
            Create template
          </button>
        </div>
        <div className="field actions">
          <button type="button" onClick={() => fileRef.current?.click()}>
            Import JSON…
          </button>
          <input
            ref={fileRef}
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            aria-label="Template file to import"
            tabIndex={-1}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importFile(file);
            }}
          />
        </div>
        <FormError>{create.errors.general}</FormError>
      </form>
      <p className="notice" role="status" aria-live="polite">
        {notice}
      </p>
      <FormError>{error}</FormError>
      <div className="dialog-scroll">
        <ItemTable label="Templates" className="compact" columns={COLUMNS}>
          {templates.map((t) => (
            <TemplateRow
              key={t.id}
              template={t}
              current={t.id === currentId}
              onRenamed={(renamed) => {
                setNotice(`Renamed “${t.name}” to “${renamed.name}”.`);
                onChanged();
              }}
              onEdit={() => setEditing(t)}
              onDuplicate={() => void duplicate(t)}
              onExport={() => void exportTemplate(t)}
              onDelete={() => setDeleting(t)}
            />
          ))}
        </ItemTable>
      </div>
    </PanelDialog>
  );
}
