import type { Dataset } from '../../../../app/api/contract';
import { useApi } from '../../api/ApiContext';
import { InlineRenameForm, RowActions, useInlineRename } from '../../common/InlineRename';
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
  const rename = useInlineRename(dataset.name, (name) => api.call('datasets.rename', { id: dataset.id, name }), onRenamed);
  const c = dataset.counts;

  return (
    <tr aria-current={selected ? 'true' : undefined} className={selected ? 'current' : undefined}>
      <th scope="row" className="name-cell">
        {rename.editing ? (
          <InlineRenameForm inputId={`rename-dataset-${dataset.id}`} state={rename} />
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
      <RowActions name={dataset.name} rename={rename} onDelete={onDelete}>
        <button type="button" onClick={onImport} aria-label={`Import into ${dataset.name}`}>
          Import…
        </button>
      </RowActions>
    </tr>
  );
}
