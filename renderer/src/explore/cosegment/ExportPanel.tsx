import { useId, useState, type FormEvent } from 'react';
import { TextField } from '../../common/Field';
import { OperationStatus } from '../OperationStatus';
import { useOperation } from '../useOperation';
import type { FeatureSettingsInput, FeatureSourceRef } from '../../../../app/api/schemas/explore';

interface ExportPanelProps {
  /** What to segment and export; undefined while the choice cannot run. */
  readonly request: { source: FeatureSourceRef; settings: FeatureSettingsInput | undefined; imageIds: number[]; parts: number } | undefined;
}

/** Writes one label PNG per image (at the source's size) and legend.json into a folder on the host. */
export function ExportPanel({ request }: ExportPanelProps) {
  const id = useId();
  const [outDir, setOutDir] = useState('');
  const [error, setError] = useState<string>();
  const op = useOperation('explore.cosegmentExport');
  const written = op.state.result;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (outDir.trim() === '') {
      setError('Enter the folder to write the label maps into.');
      return;
    }
    setError(undefined);
    if (request) void op.run({ ...request, outDir: outDir.trim() });
  };

  return (
    <section className="export-panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Export</h3>
      <form className="explore-form" aria-label="Export label maps" onSubmit={submit} noValidate>
        <TextField id={`${id}-dir`} label="Output folder" value={outDir} error={error} className="grow" onChange={setOutDir} />
        <div className="field actions">
          <button type="submit" disabled={!request || op.state.running}>
            Export label maps
          </button>
        </div>
      </form>
      <p className="hint muted">
        An absolute folder on the computer running the studio. One PNG per image, the size of its source (0 = background, 1…K = parts), and
        legend.json.
      </p>
      <OperationStatus label="Export" state={op.state} onCancel={op.cancel} />
      {written && (
        <div role="status">
          <p>
            Wrote {written.files.length} files to <span className="path">{written.outDir}</span>:
          </p>
          <ul className="written-files">
            {written.files.map((f) => (
              <li key={f} className="path">
                {f}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
