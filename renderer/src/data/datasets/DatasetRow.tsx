import { useState, type FormEvent } from 'react';
import type { Dataset } from '../../../../app/api/contract';
import { useApi } from '../../api/ApiContext';
import { fieldErrors } from '../../api/fieldErrors';
import { FieldError } from '../../common/FieldError';
import { formatCount } from '../../common/format';
import type { ImportJob } from '../imports/useImportJobs';

interface DatasetRowProps {
  readonly dataset: Dataset;
  readonly selected: boolean;
  readonly importJob: ImportJob | undefined;
  onSelect(): void;
  onRenamed(dataset: Dataset): void;
  onImport(): void;
  onShowImport(): void;
  onDelete(): void;
}

/** "1024 px · 16-bit": how the working copy is cached. */
export function settingsLabel(dataset: Dataset): string {
  return `${dataset.settings.longSide} px · ${dataset.settings.depth}-bit`;
}

function ImportState({ job, onShow }: { job: ImportJob; onShow(): void }) {
  const running = job.job.state === 'running';
  const p = job.progress;
  const text = running
    ? p && p.total !== null
      ? `Importing ${formatCount(p.done)} / ${formatCount(p.total)}`
      : 'Importing: scanning…'
    : job.summary?.status === 'cancelled' || job.job.state === 'cancelled'
      ? 'Import cancelled'
      : job.job.state === 'failed'
        ? 'Import failed'
        : 'Import finished';
  return (
    <button type="button" className={`import-state ${running ? 'running' : job.job.state}`} onClick={onShow} title="Show the import">
      {running && <span className="spinner" aria-hidden="true" />}
      {text}
    </button>
  );
}

/** One dataset: its counts and cache settings, selection for browsing, inline rename, import, delete. */
export function DatasetRow({ dataset, selected, importJob, onSelect, onRenamed, onImport, onShowImport, onDelete }: DatasetRowProps) {
  const api = useApi();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(dataset.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const inputId = `rename-dataset-${dataset.id}`;
  const c = dataset.counts;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (draft === dataset.name) {
      setEditing(false);
      return;
    }
    setBusy(true);
    try {
      const renamed = await api.call('datasets.rename', { id: dataset.id, name: draft });
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
    <tr aria-current={selected ? 'true' : undefined} className={selected ? 'current' : undefined}>
      <th scope="row" className="name-cell">
        {editing ? (
          <form className="rename-form" onSubmit={save} aria-label={`Rename ${dataset.name}`} noValidate>
            <label htmlFor={inputId} className="visually-hidden">
              New name for {dataset.name}
            </label>
            <input
              id={inputId}
              value={draft}
              autoFocus
              autoComplete="off"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${inputId}-error` : undefined}
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
            <FieldError id={`${inputId}-error`} message={error} />
          </form>
        ) : (
          <>
            <button type="button" className="link-button dataset-name" onClick={onSelect} aria-pressed={selected}>
              {dataset.name}
            </button>
            {dataset.kind === 'sample' && <span className="badge">sample</span>}
            {importJob && <ImportState job={importJob} onShow={onShowImport} />}
          </>
        )}
      </th>
      <td className="num" data-col="total">{formatCount(c.total)}</td>
      <td className="num" data-col="ok">{formatCount(c.ok)}</td>
      <td className="num" data-col="duplicate">{formatCount(c.duplicate)}</td>
      <td className="num" data-col="noImage">{formatCount(c.noImage)}</td>
      <td className={c.error > 0 ? 'num has-failures' : 'num'} data-col="error">
        {formatCount(c.error)}
      </td>
      <td className="settings-cell" title={`Working copy: longer side ${dataset.settings.longSide} px, ${dataset.settings.depth}-bit; thumbnails ${dataset.settings.thumbSize} px`}>
        {settingsLabel(dataset)}
      </td>
      <td className="row-actions">
        {!editing && (
          <>
            <button type="button" onClick={onImport} aria-label={`Import into ${dataset.name}`}>
              Import…
            </button>
            <button
              type="button"
              onClick={() => {
                setDraft(dataset.name);
                setError(undefined);
                setEditing(true);
              }}
              aria-label={`Rename ${dataset.name}`}
            >
              Rename
            </button>
            <button type="button" className="danger-quiet" onClick={onDelete} aria-label={`Delete ${dataset.name}`}>
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
