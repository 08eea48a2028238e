import { useState } from 'react';
import type { Dataset } from '../../../../app/api/contract';
import { useApi } from '../../api/ApiContext';
import { Field, FormFooter, TextField } from '../../common/Field';
import { useFormSubmit } from '../../common/useFormSubmit';

/** Name and the working copy the images are cached at: longer side in pixels and 8- or 16-bit. */
export function CreateDatasetForm({ projectId, onCreated }: { projectId: number; onCreated(dataset: Dataset): void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [longSide, setLongSide] = useState('1024');
  const [depth, setDepth] = useState<'8' | '16'>('16');
  const { busy, errors, submit } = useFormSubmit(['name', 'settings.longSide', 'settings.depth'], async () => {
    const dataset = await api.call('datasets.create', {
      projectId,
      name,
      settings: { longSide: Number(longSide), depth: depth === '8' ? 8 : 16 },
    });
    setName('');
    onCreated(dataset);
  });

  return (
    <form id="new-dataset-form" className="create-form" aria-label="New dataset" onSubmit={submit} noValidate>
      <TextField id="new-dataset-name" label="Name" value={name} autoFocus maxLength={200} error={errors.byField.name} onChange={setName} />
      <Field
        id="new-dataset-long-side"
        className="narrow"
        label="Working resolution"
        hintId="new-dataset-long-side-hint"
        error={errors.byField['settings.longSide']}
      >
        {(control) => (
          <div className="input-with-unit">
            <input
              {...control}
              type="number"
              inputMode="numeric"
              min={64}
              max={4096}
              step={64}
              value={longSide}
              onChange={(e) => setLongSide(e.target.value)}
            />
            <span className="unit" id="new-dataset-long-side-hint">
              px, longer side
            </span>
          </div>
        )}
      </Field>
      <Field id="new-dataset-depth" className="narrow" label="Cache depth" error={errors.byField['settings.depth']}>
        {({ id, 'aria-describedby': describedBy }) => (
          <select id={id} value={depth} aria-describedby={describedBy} onChange={(e) => setDepth(e.target.value === '8' ? '8' : '16')}>
            <option value="16">16-bit, full range</option>
            <option value="8">8-bit, file window applied</option>
          </select>
        )}
      </Field>
      <FormFooter submitLabel="Create dataset" busy={busy} error={errors.general} />
    </form>
  );
}
