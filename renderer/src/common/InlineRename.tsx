import { useState, type FormEvent, type ReactNode } from 'react';
import { FieldError } from './FieldError';
import { useFormSubmit } from './useFormSubmit';

/** A table row's rename in place: whether its name is being edited, the draft, and the save through the host. */
export interface InlineRename {
  readonly editing: boolean;
  start(): void;
}

interface InlineRenameState extends InlineRename {
  readonly name: string;
  readonly draft: string;
  readonly busy: boolean;
  readonly error: string | undefined;
  setDraft(draft: string): void;
  cancel(): void;
  save(e: FormEvent): void;
}

/** `rename` asks the host for the new name and returns the renamed item; an unchanged name just closes the editor. */
export function useInlineRename<T>(name: string, rename: (name: string) => Promise<T>, onRenamed: (renamed: T) => void): InlineRenameState {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(name);
  const { busy, errors, submit, clearErrors } = useFormSubmit(['name'], async () => {
    const renamed = await rename(draft);
    setEditing(false);
    onRenamed(renamed);
  });

  return {
    name,
    editing,
    draft,
    busy,
    error: errors.byField.name ?? errors.general,
    setDraft,
    start: () => {
      setDraft(name);
      clearErrors();
      setEditing(true);
    },
    cancel: () => setEditing(false),
    save: (e) => {
      if (draft !== name) return void submit(e);
      e.preventDefault();
      setEditing(false);
    },
  };
}

/** The name cell's editor: the input labelled "New name for …", Save and Cancel, and the host's message under them. */
export function InlineRenameForm({ inputId, state }: { inputId: string; state: InlineRenameState }) {
  const { name, draft, busy, error } = state;
  const errorId = `${inputId}-error`;
  return (
    <form className="rename-form" onSubmit={state.save} aria-label={`Rename ${name}`} noValidate>
      <label htmlFor={inputId} className="visually-hidden">
        New name for {name}
      </label>
      <input
        id={inputId}
        value={draft}
        autoFocus
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => state.setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') state.cancel();
        }}
      />
      <button type="submit" className="primary" disabled={busy}>
        Save
      </button>
      <button type="button" onClick={state.cancel} disabled={busy}>
        Cancel
      </button>
      <FieldError id={errorId} message={error} />
    </form>
  );
}

/** The last cell of an item's row: its own actions first, then Rename and Delete; empty while the name is being edited. */
export function RowActions({ name, rename, onDelete, children }: { name: string; rename: InlineRename; onDelete(): void; children: ReactNode }) {
  return (
    <td className="row-actions">
      {!rename.editing && (
        <>
          {children}
          <button type="button" onClick={rename.start} aria-label={`Rename ${name}`}>
            Rename
          </button>
          <button type="button" className="danger-quiet" onClick={onDelete} aria-label={`Delete ${name}`}>
            Delete
          </button>
        </>
      )}
    </td>
  );
}
