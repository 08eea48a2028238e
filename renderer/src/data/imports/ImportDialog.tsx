import { useId, useState } from 'react';
import type { Dataset } from '../../../../app/api/contract';
import { errorMessage } from '../../api/fieldErrors';
import { FormError } from '../../common/FormError';
import { Modal } from '../../common/Modal';
import { ImportForm } from './ImportForm';
import { ImportProgress } from './ImportProgress';
import { ImportReport } from './ImportReport';
import type { ImportJob, ImportJobs } from './useImportJobs';

interface ImportDialogProps {
  readonly dataset: Dataset;
  readonly jobs: ImportJobs;
  /** 'report' opens on the newest job of the dataset; 'new' on the path form unless an import is running. */
  readonly initial: 'new' | 'report';
  onClose(): void;
}

function heading(entry: ImportJob | undefined, dataset: Dataset): string {
  if (!entry) return `Import into “${dataset.name}”`;
  switch (entry.job.state) {
    case 'running':
      return `Importing into “${dataset.name}”`;
    case 'finished':
      return entry.summary?.status === 'cancelled' ? `Import into “${dataset.name}” cancelled` : `Import into “${dataset.name}” finished`;
    case 'cancelled':
      return `Import into “${dataset.name}” cancelled`;
    case 'failed':
      return `Import into “${dataset.name}” failed`;
  }
}

/** Paths → start → live progress with cancel → the final report. */
export function ImportDialog({ dataset, jobs, initial, onClose }: ImportDialogProps) {
  const titleId = useId();
  const current = jobs.forDataset(dataset);
  const [showForm, setShowForm] = useState(initial === 'new' && current?.job.state !== 'running');
  const [cancelError, setCancelError] = useState<string>();
  const entry = showForm ? undefined : current;

  const start = async (paths: string[]) => {
    await jobs.start(dataset.id, paths);
    setShowForm(false);
  };

  const cancel = async () => {
    if (!entry) return;
    setCancelError(undefined);
    try {
      await jobs.cancel(entry.job.id);
    } catch (err) {
      setCancelError(errorMessage(err));
    }
  };

  return (
    <Modal labelledBy={titleId} className="dialog import-dialog" onClose={onClose}>
      <h2 id={titleId}>{heading(entry, dataset)}</h2>
      {showForm || !entry ? (
        <ImportForm onStart={start} onCancel={onClose} />
      ) : entry.job.state === 'running' ? (
        <>
          <ImportProgress entry={entry} onCancel={cancel} onHide={onClose} />
          <FormError>{cancelError}</FormError>
        </>
      ) : (
        <>
          {entry.summary ? (
            <ImportReport title={entry.job.title} datasetName={dataset.name} summary={entry.summary} />
          ) : (
            <p className={entry.job.state === 'failed' ? 'form-error' : 'muted'} role="alert">
              {entry.job.error?.message ?? 'The import ended without a report.'}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={() => setShowForm(true)}>
              New import…
            </button>
            <button type="button" className="primary" onClick={onClose} autoFocus>
              Close
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
