import type { Template } from '../../../app/api/schemas/annotations';
import { Field } from '../common/Field';
import { plural } from '../common/format';

interface TemplateSelectProps {
  readonly id: string;
  readonly templates: readonly Template[];
  readonly value: number | undefined;
  /** Offer "None" (the analysis then leaves landmarks out). */
  readonly optional?: boolean;
  readonly label?: string;
  onChange(id: number | undefined): void;
}

/** Picks a landmark template, showing how many annotations each has. */
export function TemplateSelect({ id, templates, value, optional, label = 'Landmark template', onChange }: TemplateSelectProps) {
  return (
    <Field id={id} label={label} error={undefined}>
      {(control) => (
        <select {...control} value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}>
          {(optional || value === undefined) && <option value="">{optional ? 'None' : 'No template'}</option>}
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} · {plural(t.annotationCount, 'annotation')}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Why a landmark analysis cannot run yet, and where to fix it. */
export function NoAnnotations() {
  return (
    <p className="hint muted">
      This template has no annotations yet: place its landmarks on a few images of the dataset on the <a href="#/annotate">Annotate</a> page.
    </p>
  );
}
