import { useState } from 'react';
import type { Project } from '../../../app/api/contract';
import { useApi } from '../api/ApiContext';
import { FormFooter, TextField } from '../common/Field';
import { useFormSubmit } from '../common/useFormSubmit';

/** Name and optional description; the host validates, and its messages appear next to the field they concern. */
export function CreateProjectForm({ onCreated }: { onCreated(project: Project): void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const { busy, errors, submit } = useFormSubmit(['name', 'description'], async () => {
    const project = await api.call('projects.create', { name, description });
    setName('');
    setDescription('');
    onCreated(project);
  });

  return (
    <form className="create-form" aria-label="New project" onSubmit={submit} noValidate>
      <TextField id="new-project-name" label="Name" value={name} maxLength={200} error={errors.byField.name} onChange={setName} />
      <TextField
        id="new-project-description"
        className="grow"
        label={
          <>
            Description <span className="muted">(optional)</span>
          </>
        }
        value={description}
        error={errors.byField.description}
        onChange={setDescription}
      />
      <FormFooter submitLabel="Create project" busy={busy} error={errors.general} />
    </form>
  );
}
