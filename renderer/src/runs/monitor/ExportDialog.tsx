import { useId, useState, type FormEvent } from 'react';
import type { Run, RunExport } from '../../../../app/api/schemas/runs';
import { useApi } from '../../api/ApiContext';
import { fieldErrors } from '../../api/fieldErrors';
import { TextField } from '../../common/Field';
import { FormError } from '../../common/FormError';
import { PanelDialog } from '../../common/PanelDialog';

type Weights = RunExport['weights'];

/**
 * Exports the backbone of the run's latest checkpoint into a folder on the studio host (typed, not picked: the host
 * may be another machine): model.safetensors for timm, TensorFlow.js weights and model-card.json.
 */
export function ExportDialog({ run, onClose }: { run: Run; onClose(): void }) {
  const api = useApi();
  const id = useId();
  const teacherless = run.method === 'barlow';
  const [out, setOut] = useState('');
  const [weights, setWeights] = useState<Weights>(teacherless ? 'student' : 'teacher');
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ byField: Record<string, string>; general?: string }>({ byField: {} });
  const [result, setResult] = useState<RunExport>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({ byField: {} });
    setResult(undefined);
    try {
      setResult(await api.call('runs.export', { id: run.id, out: out.trim(), weights, force }));
    } catch (err) {
      setErrors(fieldErrors(err, ['out', 'weights']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PanelDialog title={`Export “${run.name}”`} className="export-dialog" busy={busy} onClose={onClose}>
      <form className="export-form" aria-label="Export checkpoint" onSubmit={submit} noValidate>
        <p className="muted">
          The backbone of the latest checkpoint (step {run.lastCheckpointStep ?? '—'}): <code>model.safetensors</code> with timm’s names,
          TensorFlow.js weights in <code>tfjs/</code>, and <code>model-card.json</code> with method, data hash and settings.
        </p>
        <TextField id={`${id}-out`} label="Folder on the studio host" value={out} error={errors.byField.out} onChange={setOut} autoFocus />
        <div className="field">
          <label htmlFor={`${id}-weights`}>Weights</label>
          <select id={`${id}-weights`} value={weights} onChange={(e) => setWeights(e.target.value as Weights)}>
            <option value="teacher" disabled={teacherless}>
              Teacher (the EMA network DINO-style methods release)
            </option>
            <option value="student">Student</option>
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          Replace the folder if it is not empty
        </label>
        <FormError>{errors.general}</FormError>
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy || out.trim() === ''}>
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </form>
      {result && (
        <div className="export-result" role="status">
          <p>
            Exported the {result.weights} backbone at step {result.step} ({result.parameters.toLocaleString('en-US')} parameters) to <code>{result.dir}</code>.
          </p>
          <ul>
            {result.files.map((f) => (
              <li key={f.path}>
                <code>{f.path}</code> <span className="muted">{f.bytes.toLocaleString('en-US')} bytes</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </PanelDialog>
  );
}
