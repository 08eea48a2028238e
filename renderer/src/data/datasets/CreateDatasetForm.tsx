import { useState, type FormEvent } from 'react';
import type { Dataset } from '../../../../app/api/contract';
import { useApi } from '../../api/ApiContext';
import { fieldErrors } from '../../api/fieldErrors';
import { FieldError } from '../../common/FieldError';

type Errors = { name?: string; longSide?: string; depth?: string; general?: string };

/** Name and the working copy the images are cached at: longer side in pixels and 8- or 16-bit. */
export function CreateDatasetForm({ projectId, onCreated }: { projectId: number; onCreated(dataset: Dataset): void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [longSide, setLongSide] = useState('1024');
  const [depth, setDepth] = useState<'8' | '16'>('16');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const dataset = await api.call('datasets.create', {
        projectId,
        name,
        settings: { longSide: Number(longSide), depth: depth === '8' ? 8 : 16 },
      });
      setName('');
      setErrors({});
      onCreated(dataset);
    } catch (err) {
      const { byField, general } = fieldErrors(err, ['name', 'settings.longSide', 'settings.depth'], 'name');
      setErrors({ name: byField.name, longSide: byField['settings.longSide'], depth: byField['settings.depth'], general });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form id="new-dataset-form" className="create-form" aria-label="New dataset" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="new-dataset-name">Name</label>
        <input
          id="new-dataset-name"
          value={name}
          autoFocus
          maxLength={200}
          autoComplete="off"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? 'new-dataset-name-error' : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        <FieldError id="new-dataset-name-error" message={errors.name} />
      </div>
      <div className="field narrow">
        <label htmlFor="new-dataset-long-side">Working resolution</label>
        <div className="input-with-unit">
          <input
            id="new-dataset-long-side"
            type="number"
            inputMode="numeric"
            min={64}
            max={4096}
            step={64}
            value={longSide}
            aria-invalid={errors.longSide ? true : undefined}
            aria-describedby={`new-dataset-long-side-hint${errors.longSide ? ' new-dataset-long-side-error' : ''}`}
            onChange={(e) => setLongSide(e.target.value)}
          />
          <span className="unit" id="new-dataset-long-side-hint">
            px, longer side
          </span>
        </div>
        <FieldError id="new-dataset-long-side-error" message={errors.longSide} />
      </div>
      <div className="field narrow">
        <label htmlFor="new-dataset-depth">Cache depth</label>
        <select
          id="new-dataset-depth"
          value={depth}
          aria-describedby={errors.depth ? 'new-dataset-depth-error' : undefined}
          onChange={(e) => setDepth(e.target.value === '8' ? '8' : '16')}
        >
          <option value="16">16-bit, full range</option>
          <option value="8">8-bit, file window applied</option>
        </select>
        <FieldError id="new-dataset-depth-error" message={errors.depth} />
      </div>
      <div className="field actions">
        <button type="submit" className="primary" disabled={busy}>
          Create dataset
        </button>
      </div>
      {errors.general && (
        <p className="form-error" role="alert">
          {errors.general}
        </p>
      )}
    </form>
  );
}
