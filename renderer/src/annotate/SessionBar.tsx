import type { Dataset } from '../../../app/api/contract';
import type { Template } from '../../../app/api/schemas/annotations';
import { Field } from '../common/Field';
import { plural } from '../common/format';

interface SessionBarProps {
  readonly datasets: readonly Dataset[];
  readonly templates: readonly Template[];
  readonly datasetId: number | undefined;
  readonly templateId: number | undefined;
  readonly annotator: string;
  readonly annotatorError: string | undefined;
  /** Names already used in the dataset, offered as suggestions. */
  readonly knownAnnotators: readonly string[];
  onDataset(id: number): void;
  onTemplate(id: number): void;
  onAnnotator(name: string): void;
}

/** Which dataset, with which template, by whom: the three choices every annotation belongs to. */
export function SessionBar(props: SessionBarProps) {
  const { datasets, templates, datasetId, templateId, annotator, annotatorError, knownAnnotators } = props;
  return (
    <form className="create-form session-bar" aria-label="Annotation session" onSubmit={(e) => e.preventDefault()}>
      <ChoiceField
        id="session-dataset"
        label="Dataset"
        value={datasetId}
        options={datasets.map((d) => [d.id, `${d.name} · ${plural(d.counts.ok, 'image')}`])}
        onChange={props.onDataset}
      />
      <ChoiceField
        id="session-template"
        label="Template"
        value={templateId}
        options={templates.map((t) => [t.id, `${t.name} · ${plural(t.points.length, 'point')}`])}
        onChange={props.onTemplate}
      />
      <Field id="session-annotator" label="Annotator" error={annotatorError} className="narrow">
        {(control) => (
          <>
            <input
              {...control}
              value={annotator}
              maxLength={80}
              autoComplete="off"
              list="session-annotators"
              placeholder="Your name"
              onChange={(e) => props.onAnnotator(e.target.value)}
            />
            <datalist id="session-annotators">
              {knownAnnotators.map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
          </>
        )}
      </Field>
    </form>
  );
}

interface ChoiceFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: number | undefined;
  readonly options: readonly (readonly [id: number, label: string])[];
  onChange(id: number): void;
}

function ChoiceField({ id, label, value, options, onChange }: ChoiceFieldProps) {
  return (
    <Field id={id} label={label} error={undefined}>
      {(control) => (
        <select {...control} value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))}>
          {options.map(([optionId, text]) => (
            <option key={optionId} value={optionId}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
