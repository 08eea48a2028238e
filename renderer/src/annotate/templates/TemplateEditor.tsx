import { useId, useState } from 'react';
import type { Template } from '../../../../app/api/schemas/annotations';
import { ApiError } from '../../../../app/api/errors';
import { useApi } from '../../api/ApiContext';
import { errorMessage } from '../../api/fieldErrors';
import { TextField } from '../../common/Field';
import { FormError } from '../../common/FormError';
import { ItemTable, type Column } from '../../common/ItemTable';
import { Modal } from '../../common/Modal';
import type { TemplatePoint } from '../landmarks';
import { annotatedRemovals, freeId, movePoint, newPoint, removePoint, setPartner, updatePoint } from './points';

interface TemplateEditorProps {
  readonly template: Template;
  onSaved(template: Template): void;
  onClose(): void;
}

const COLUMNS: readonly Column[] = [
  { label: '#', num: true },
  { label: 'Colour' },
  { label: 'Name' },
  { label: 'Id' },
  { label: 'Description' },
  { label: 'Partner' },
  { label: 'May be absent' },
  { label: 'Annotations', num: true },
];

/** The host refused to drop annotated points: its message, and the points to drop when the user confirms. */
interface DropConfirmation {
  readonly message: string;
  readonly points: readonly string[];
}

/**
 * Name and points of a template: colour, name, description, partner, "may be absent", order; add and remove. Saving a
 * removal of annotated points is refused by the host; its message is shown with an explicit "delete them" button.
 */
export function TemplateEditor({ template, onSaved, onClose }: TemplateEditorProps) {
  const api = useApi();
  const titleId = useId();
  const [name, setName] = useState(template.name);
  const [points, setPoints] = useState<TemplatePoint[]>(() => template.points.map((p) => ({ ...p })));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [confirmDrop, setConfirmDrop] = useState<DropConfirmation>();
  const existing = new Set(template.points.map((p) => p.id));
  const pending = annotatedRemovals(template.points, points, template.annotationCounts);

  const save = async (drop?: readonly string[]) => {
    setBusy(true);
    setError(undefined);
    try {
      const saved = await api.call('templates.update', {
        id: template.id,
        name,
        points,
        expectedRevision: template.revision,
        ...(drop ? { dropAnnotationsOf: [...drop] } : {}),
      });
      onSaved(saved);
    } catch (err) {
      const details = err instanceof ApiError ? (err.details as { annotations?: Record<string, number> } | undefined) : undefined;
      if (err instanceof ApiError && err.code === 'conflict' && details?.annotations) {
        setConfirmDrop({ message: err.message, points: Object.keys(details.annotations) });
      } else setError(errorMessage(err));
      setBusy(false);
    }
  };

  const edit = (i: number, patch: Partial<Omit<TemplatePoint, 'id' | 'partner'>>) => {
    setConfirmDrop(undefined);
    setPoints((ps) => {
      const next = updatePoint(ps, i, patch);
      const p = next[i]!;
      // A point that is not saved yet takes its id from its name; saved points keep theirs (annotations refer to it).
      if (patch.name !== undefined && !existing.has(p.id)) next[i] = { ...p, id: freeId(patch.name, next.filter((_, k) => k !== i)) };
      return next;
    });
  };

  return (
    <Modal labelledBy={titleId} className="dialog template-editor" onClose={() => !busy && onClose()}>
      <h2 id={titleId}>Edit template “{template.name}”</h2>
      <form
        aria-label="Template"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        noValidate
      >
        <TextField id="template-name" label="Name" value={name} maxLength={120} error={undefined} onChange={setName} />
        <div className="dialog-scroll">
          <ItemTable label="Points" className="compact points-table" columns={COLUMNS}>
            {points.map((p, i) => (
              <tr key={i} data-point={p.id}>
                <td className="num">{i + 1}</td>
                <td>
                  <input type="color" value={p.colour} aria-label={`Colour of ${p.name}`} onChange={(e) => edit(i, { colour: e.target.value })} />
                </td>
                <td>
                  <input value={p.name} aria-label={`Name of point ${i + 1}`} maxLength={120} onChange={(e) => edit(i, { name: e.target.value })} />
                </td>
                <td className="point-id" title={existing.has(p.id) ? 'Saved points keep their id: annotations refer to it.' : 'Made from the name.'}>
                  {p.id}
                </td>
                <td>
                  <input value={p.description} aria-label={`Description of ${p.name}`} onChange={(e) => edit(i, { description: e.target.value })} />
                </td>
                <td>
                  <select
                    aria-label={`Partner of ${p.name}`}
                    value={p.partner ?? ''}
                    onChange={(e) => {
                      setConfirmDrop(undefined);
                      setPoints((ps) => setPartner(ps, i, e.target.value || null));
                    }}
                  >
                    <option value="">—</option>
                    {points
                      .filter((o) => o.id !== p.id)
                      .map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name}
                        </option>
                      ))}
                  </select>
                </td>
                <td>
                  <input type="checkbox" checked={p.mayBeAbsent} aria-label={`${p.name} may be absent`} onChange={(e) => edit(i, { mayBeAbsent: e.target.checked })} />
                </td>
                <td className="num">{template.annotationCounts[p.id] ?? 0}</td>
                <td className="row-actions">
                  <button type="button" className="icon" disabled={i === 0} aria-label={`Move ${p.name} up`} onClick={() => setPoints((ps) => movePoint(ps, i, -1))}>
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon"
                    disabled={i === points.length - 1}
                    aria-label={`Move ${p.name} down`}
                    onClick={() => setPoints((ps) => movePoint(ps, i, 1))}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="danger-quiet"
                    disabled={points.length <= 1}
                    aria-label={`Remove ${p.name}`}
                    onClick={() => {
                      setConfirmDrop(undefined);
                      setPoints((ps) => removePoint(ps, i));
                    }}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </ItemTable>
        </div>
        <button type="button" onClick={() => setPoints((ps) => [...ps, newPoint(ps)])}>
          Add point
        </button>
        {pending.length > 0 && !confirmDrop && (
          <p className="hint">Removing {pending.join(', ')}, which have annotations: saving asks before deleting them.</p>
        )}
        <FormError>{error}</FormError>
        {confirmDrop && (
          <div className="confirm-drop" role="alert">
            <p>{confirmDrop.message}</p>
            <p>Their annotations (every dataset, every annotator) would be deleted with the points; this cannot be undone.</p>
            <button type="button" className="danger" disabled={busy} onClick={() => void save(confirmDrop.points)}>
              Delete their annotations and save
            </button>
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save template'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
