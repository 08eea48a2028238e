import { useId, useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/fieldErrors';
import { FieldError } from '../../common/FieldError';

/** Paths on the host, one per line. Empty lines and surrounding spaces or quotes (as pasted from a file manager) go. */
export function parsePaths(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^(["'])(.*)\1$/, '$2').trim())
    .filter((line) => line.length > 0);
}

/**
 * Paths are typed or pasted, not picked: they are read by the studio host, which may be a workstation elsewhere, so a
 * browser file picker (which uploads from this machine) would be the wrong tool.
 */
export function ImportForm({ onStart, onCancel }: { onStart(paths: string[]): Promise<void>; onCancel(): void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const id = useId();
  const paths = parsePaths(text);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onStart(paths);
    } catch (err) {
      const { byField, general } = fieldErrors(err, ['paths', 'datasetId']);
      setError(byField.paths ?? byField.datasetId ?? general);
      setBusy(false);
    }
  };

  return (
    <form className="import-form" aria-label="Import paths" onSubmit={submit} noValidate>
      <label htmlFor={`${id}-paths`}>Files and folders on the studio host, one per line</label>
      <textarea
        id={`${id}-paths`}
        value={text}
        rows={6}
        spellCheck={false}
        autoFocus
        placeholder={'/data/chestxray14/images\n/mnt/pacs-export/study-0042/IM00001.dcm'}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        onChange={(e) => setText(e.target.value)}
      />
      <p id={`${id}-hint`} className="muted hint">
        Folders are searched recursively for DICOM, PNG, JPEG and TIFF. Files already in the dataset are skipped, so re-running an
        interrupted import resumes it. Source files are only read, never changed.
      </p>
      <FieldError id={`${id}-error`} message={error} />
      <div className="dialog-actions">
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy || paths.length === 0}>
          {paths.length > 1 ? `Import ${paths.length} paths` : 'Start import'}
        </button>
      </div>
    </form>
  );
}
