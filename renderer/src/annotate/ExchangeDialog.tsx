import { useId, useRef, useState } from 'react';
import type { Dataset } from '../../../app/api/contract';
import type { ExportFormat, ImportFormat, ImportReport, Template } from '../../../app/api/schemas/annotations';
import { useApi } from '../api/ApiContext';
import { errorMessage } from '../api/fieldErrors';
import { downloadText } from '../common/download';
import { FormError } from '../common/FormError';
import { PanelDialog } from '../common/PanelDialog';
import { detectImportFormat, EXPORT_FORMATS, IMPORT_FORMAT_LABELS } from './exchange';
import { ImportPreview } from './ImportPreview';
import { useAnnotators } from './useAnnotators';

interface ExchangeDialogProps {
  readonly dataset: Dataset;
  readonly template: Template;
  /** The session's annotator, offered as the export filter. */
  readonly annotator: string | undefined;
  /** An import was applied; `templateId` is the template it went into. */
  onImported(templateId: number | undefined): void;
  onClose(): void;
}

interface Chosen {
  readonly name: string;
  readonly content: string;
  readonly format: ImportFormat;
}

/** Export the dataset's landmarks (CSV, JSON, COCO, Slicer) and import files with a preview before anything is written. */
export function ExchangeDialog({ dataset, template, annotator, onImported, onClose }: ExchangeDialogProps) {
  const api = useApi();
  const titleId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const annotators = useAnnotators(dataset.id, template.id);
  const [who, setWho] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<string>();
  const [file, setFile] = useState<Chosen>();
  const [into, setInto] = useState<'current' | 'new'>('current');
  const [importAs, setImportAs] = useState('');
  const [report, setReport] = useState<ImportReport>();

  const task = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await what();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const exportAs = (format: ExportFormat) =>
    task(async () => {
      const out = await api.call('annotations.export', { datasetId: dataset.id, templateId: template.id, format, ...(who ? { annotator: who } : {}) });
      downloadText(out.fileName, out.content, out.mimeType);
      setNotice(`Exported ${out.fileName}.`);
    });

  const runImport = (dryRun: boolean) =>
    task(async () => {
      if (!file) return;
      const result = await api.call('annotations.import', {
        datasetId: dataset.id,
        ...(into === 'current' ? { templateId: template.id } : {}),
        format: file.format,
        content: file.content,
        dryRun,
        ...(importAs.trim() ? { annotator: importAs.trim() } : {}),
      });
      setReport(result);
      if (!dryRun) {
        setNotice(`Imported ${file.name}.`);
        onImported(result.template.id ?? undefined);
      }
    });

  return (
    <PanelDialog title={`Export and import “${dataset.name}”`} className="exchange-dialog" busy={busy} onClose={onClose}>
      <section aria-labelledby={`${titleId}-export`}>
        <h3 id={`${titleId}-export`}>Export “{template.name}”</h3>
        <div className="exchange-row">
          <label className="filter">
            <span>Annotator</span>
            <select value={who} onChange={(e) => setWho(e.target.value)} aria-label="Export annotator">
              <option value="">Everyone</option>
              {[...new Set([...(annotator ? [annotator] : []), ...annotators])].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <div className="tool-group" role="group" aria-label="Export format">
            {EXPORT_FORMATS.map((f) => (
              <button key={f.format} type="button" disabled={busy} title={f.help} onClick={() => void exportAs(f.format)}>
                {f.label}
              </button>
            ))}
          </div>
        </div>
      </section>
      <section aria-labelledby={`${titleId}-import`}>
        <h3 id={`${titleId}-import`}>Import</h3>
        <div className="exchange-row">
          <button type="button" onClick={() => fileRef.current?.click()} disabled={busy}>
            Choose file…
          </button>
          <input
            ref={fileRef}
            type="file"
            accept=".csv,.json,text/csv,application/json"
            className="visually-hidden"
            tabIndex={-1}
            aria-label="Annotation file to import"
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              e.target.value = '';
              if (!chosen) return;
              void chosen.text().then((content) => {
                setFile({ name: chosen.name, content, format: detectImportFormat(chosen.name, content) });
                setReport(undefined);
              });
            }}
          />
          <span className="muted" data-testid="import-file">
            {file ? file.name : 'No file chosen'}
          </span>
          {file && (
            <label className="filter">
              <span>Format</span>
              <select
                aria-label="Import format"
                value={file.format}
                onChange={(e) => {
                  setFile({ ...file, format: e.target.value as ImportFormat });
                  setReport(undefined);
                }}
              >
                {Object.entries(IMPORT_FORMAT_LABELS).map(([f, label]) => (
                  <option key={f} value={f}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        {file && (
          <div className="exchange-row">
            <label className="filter">
              <span>Into</span>
              <select
                aria-label="Import into"
                value={into}
                onChange={(e) => {
                  setInto(e.target.value as 'current' | 'new');
                  setReport(undefined);
                }}
              >
                <option value="current">Template “{template.name}”</option>
                <option value="new">A new template from the file</option>
              </select>
            </label>
            <label className="filter">
              <span>As annotator</span>
              <input value={importAs} placeholder="names in the file" aria-label="Import as annotator" onChange={(e) => {
                  setImportAs(e.target.value);
                  setReport(undefined);
                }}
              />
            </label>
            <button type="button" onClick={() => void runImport(true)} disabled={busy}>
              Preview
            </button>
            <button type="button" className="primary" onClick={() => void runImport(false)} disabled={busy || !report?.dryRun}>
              Apply import
            </button>
          </div>
        )}
        {report && <ImportPreview report={report} />}
      </section>
      <p className="notice" role="status" aria-live="polite">
        {notice}
      </p>
      <FormError>{error}</FormError>
    </PanelDialog>
  );
}
