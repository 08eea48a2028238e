import { useState, type FormEvent } from 'react';
import type { Project } from '../../../app/api/contract';
import { useApi } from '../api/ApiContext';
import { fieldErrors } from '../api/fieldErrors';
import { FieldError } from '../common/FieldError';

/** Name and optional description; the host validates, and its messages appear next to the field they concern. */
export function CreateProjectForm({ onCreated }: { onCreated(project: Project): void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ name?: string; description?: string; general?: string }>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const project = await api.call('projects.create', { name, description });
      setName('');
      setDescription('');
      setErrors({});
      onCreated(project);
    } catch (err) {
      const { byField, general } = fieldErrors(err, ['name', 'description'], 'name');
      setErrors({ name: byField.name, description: byField.description, general });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="create-form" aria-label="New project" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="new-project-name">Name</label>
        <input
          id="new-project-name"
          value={name}
          maxLength={200}
          autoComplete="off"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? 'new-project-name-error' : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        <FieldError id="new-project-name-error" message={errors.name} />
      </div>
      <div className="field grow">
        <label htmlFor="new-project-description">
          Description <span className="muted">(optional)</span>
        </label>
        <input
          id="new-project-description"
          value={description}
          autoComplete="off"
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={errors.description ? 'new-project-description-error' : undefined}
          onChange={(e) => setDescription(e.target.value)}
        />
        <FieldError id="new-project-description-error" message={errors.description} />
      </div>
      <div className="field actions">
        <button type="submit" className="primary" disabled={busy}>
          Create project
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
