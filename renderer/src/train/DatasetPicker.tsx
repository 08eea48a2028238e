import type { Dataset } from '../../../app/api/contract';
import { FieldError } from '../common/FieldError';
import { formatCount } from '../common/format';

/** The project's datasets as checkboxes, each with its usable (imported) image count. */
export function DatasetPicker({ datasets, value, error, onChange }: { datasets: readonly Dataset[]; value: readonly number[]; error?: string; onChange(ids: number[]): void }) {
  const errorId = 'new-run-datasets-error';
  return (
    <fieldset className="dataset-picker" aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined}>
      <legend>Datasets</legend>
      {datasets.length === 0 && (
        <p className="muted">
          This project has no datasets yet: create one and import images on the <a href="#/data">Data</a> page.
        </p>
      )}
      <ul>
        {datasets.map((d) => (
          <li key={d.id}>
            <label className="check">
              <input
                type="checkbox"
                checked={value.includes(d.id)}
                disabled={d.counts.ok === 0}
                onChange={(e) => onChange(e.target.checked ? [...value, d.id] : value.filter((id) => id !== d.id))}
              />
              <span className="dataset-option-name">{d.name}</span>
              <span className="muted">
                {formatCount(d.counts.ok)} image{d.counts.ok === 1 ? '' : 's'} · {d.settings.longSide} px
              </span>
            </label>
          </li>
        ))}
      </ul>
      <FieldError id={errorId} message={error} />
    </fieldset>
  );
}
