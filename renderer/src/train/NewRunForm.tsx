import { useEffect, useMemo, useRef, useState } from 'react';
import type { BackendName, Dataset } from '../../../app/api/contract';
import type { Run } from '../../../app/api/schemas/runs';
import { useApi } from '../api/ApiContext';
import { Field } from '../common/Field';
import { FormError } from '../common/FormError';
import { useFormSubmit } from '../common/useFormSubmit';
import type { FlopShape } from '../runs/model/flops';
import { BACKBONE_IDS, BACKBONES, hasDinoHead, METHOD_IDS, METHODS, usesGridCrops, type BackboneId, type MethodId } from '../runs/model/presets';
import { defaultForm, effectiveShape, FORM_FIELDS, parseForm, peacImageSide, type RunForm } from '../runs/model/settings';
import { AdvancedFields } from './AdvancedFields';
import { DatasetPicker } from './DatasetPicker';
import { EstimatePanel } from './EstimatePanel';
import { NumberField } from './NumberField';
import { useProbe } from './useProbe';

interface NewRunFormProps {
  readonly projectId: number;
  readonly datasets: readonly Dataset[];
  readonly backend: BackendName | null | undefined;
  onStarted(run: Run): void;
}

/** With a single usable dataset, it is the obvious choice. */
const preselect = (datasets: readonly Dataset[]): number[] => {
  const usable = datasets.filter((d) => d.counts.ok > 0);
  return usable.length === 1 ? [usable[0]!.id] : [];
};

/**
 * The new-run form: data, method, backbone and schedule with defaults for the active backend, validated as typed
 * once a start was attempted; the host's own messages land next to the fields they name.
 */
export function NewRunForm({ projectId, datasets, backend, onStarted }: NewRunFormProps) {
  const api = useApi();
  const [form, setForm] = useState<RunForm>(() => defaultForm(backend, preselect(datasets)));
  const [advanced, setAdvanced] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const touched = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const probe = useProbe();

  // Defaults follow the backend once it is known, until the user changes something.
  useEffect(() => {
    if (!touched.current) setForm((f) => ({ ...defaultForm(backend, f.datasetIds) }));
  }, [backend]);
  // Datasets can arrive (or be imported) after the form opened.
  useEffect(() => {
    setForm((f) => (f.datasetIds.length === 0 && !touched.current ? { ...f, datasetIds: preselect(datasets) } : f));
  }, [datasets]);

  const images = datasets.filter((d) => form.datasetIds.includes(d.id)).reduce((n, d) => n + d.counts.ok, 0);
  const parsed = useMemo(() => parseForm(form, images), [form, images]);
  const shape = effectiveShape(form);
  const batch = Number(form.batch);
  const microBatch = Number(form.microBatch);
  const flopShape: FlopShape | null =
    Number.isInteger(batch) && batch > 0
      ? {
          method: form.method,
          embedDim: shape.embedDim,
          depth: shape.depth,
          cellSize: shape.cellSize,
          cropCells: shape.cropCells,
          batch,
          microBatch: Number.isInteger(microBatch) && microBatch > 0 ? microBatch : batch,
          headSize: Number(form.headSize) || 65536,
        }
      : null;

  const { busy, errors: hostErrors, submit, clearErrors } = useFormSubmit(FORM_FIELDS, async () => {
    setAttempted(true);
    const result = parseForm(form, images);
    if (!result.input) {
      // Take the keyboard to the first field that needs attention, once its message is on screen.
      setTimeout(() => formRef.current?.querySelector<HTMLElement>('input[aria-invalid="true"], fieldset[aria-invalid="true"] input:not(:disabled)')?.focus(), 0);
      throw new ClientInvalid();
    }
    const run = await api.call('runs.create', { projectId, ...result.input });
    onStarted(run);
  });

  const change = (c: Partial<RunForm>) => {
    touched.current = true;
    setForm((f) => ({ ...f, ...c }));
    clearErrors();
  };
  const clientErrors = attempted ? parsed.errors : {};
  const err = (f: keyof typeof clientErrors): string | undefined => clientErrors[f] ?? hostErrors.byField[f];
  const general = hostErrors.general === CLIENT_INVALID ? 'Some fields need attention (see the messages next to them).' : hostErrors.general;

  const grid = usesGridCrops(form.method);

  return (
    <form ref={formRef} className="new-run-form" aria-label="New run" onSubmit={submit} noValidate>
      <h2>New run</h2>
      <Field id="new-run-name" label="Name (optional)" error={err('name')} className="field-wide">
        {(control) => (
          <input {...control} value={form.name} maxLength={200} autoComplete="off" placeholder="e.g. ACE ViT-T baseline" onChange={(e) => change({ name: e.target.value })} />
        )}
      </Field>
      <DatasetPicker datasets={datasets} value={form.datasetIds} error={err('datasetIds')} onChange={(datasetIds) => change({ datasetIds })} />

      <div className="form-grid">
        <Field id="new-run-method" label="Method" error={err('settings.method')}>
          {({ id, 'aria-describedby': d }) => (
            <select id={id} aria-describedby={d} value={form.method} onChange={(e) => change({ method: e.target.value as MethodId })}>
              {METHOD_IDS.map((m) => (
                <option key={m} value={m}>
                  {METHODS[m]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="new-run-backbone" label="Backbone" error={err('settings.backbone')}>
          {({ id, 'aria-describedby': d }) => (
            <select id={id} aria-describedby={d} value={form.backbone} onChange={(e) => change({ backbone: e.target.value as BackboneId })}>
              {BACKBONE_IDS.map((b) => (
                <option key={b} value={b}>
                  {BACKBONES[b].label} · {BACKBONES[b].embedDim}×{BACKBONES[b].depth}
                </option>
              ))}
            </select>
          )}
        </Field>
        <NumberField
          id="new-run-image-size"
          label="Image size"
          unit="px"
          value={grid ? form.imageSize : String(peacImageSide(shape.cropCells, shape.cellSize))}
          disabled={!grid}
          error={grid ? err('settings.imageSize') : undefined}
          hint={
            grid
              ? `Crops of ${shape.cropCells}×${shape.cellSize} = ${shape.cropCells * shape.cellSize} px go to the network.`
              : `PEAC crops from ${shape.cropCells + 5} cells of ${shape.cellSize} px.`
          }
          onChange={(imageSize) => change({ imageSize })}
        />
        {hasDinoHead(form.method) ? (
          <NumberField id="new-run-head-size" label="Head size" value={form.headSize} error={err('settings.dinoOutDim')} hint="DINO head outputs (papers: 65536)." onChange={(headSize) => change({ headSize })} />
        ) : (
          <div className="field-num" />
        )}
        <NumberField id="new-run-batch" label="Batch" unit="images" value={form.batch} error={err('settings.batch')} describedBy="new-run-micro-batch-hint" onChange={(batch) => change({ batch })} />
        <NumberField
          id="new-run-micro-batch"
          label="Micro-batch"
          unit="images"
          value={form.microBatch}
          error={err('settings.microBatch')}
          describedBy="new-run-micro-batch-hint"
          onChange={(microBatch) => change({ microBatch })}
        />
        <p id="new-run-micro-batch-hint" className="hint muted span-2">
          <strong>Batch</strong>: images per optimiser step. <strong>Micro-batch</strong>: gradient accumulation — the batch runs in micro-batches of this
          size whose gradients add up to one step: less memory, same result.
        </p>
      </div>

      <fieldset className="length-choice">
        <legend>Length</legend>
        <div className="length-options">
          <label className="check">
            <input type="radio" name="new-run-length" checked={form.length === 'epochs'} onChange={() => change({ length: 'epochs' })} />
            By epochs
          </label>
          <label className="check">
            <input type="radio" name="new-run-length" checked={form.length === 'steps'} onChange={() => change({ length: 'steps' })} />
            By steps
          </label>
        </div>
        {form.length === 'epochs' ? (
          <NumberField
            id="new-run-epochs"
            label="Epochs"
            value={form.epochs}
            error={err('settings.epochs')}
            hint={parsed.stepsPerEpoch > 0 ? `${parsed.stepsPerEpoch.toLocaleString('en-US')} steps per epoch (${images.toLocaleString('en-US')} images).` : undefined}
            onChange={(epochs) => change({ epochs })}
          />
        ) : (
          <NumberField
            id="new-run-max-steps"
            label="Max steps"
            value={form.maxSteps}
            error={err('settings.maxSteps')}
            hint={parsed.epochs !== null && parsed.stepsPerEpoch > 0 ? `Schedules span ${parsed.epochs} epoch${parsed.epochs === 1 ? '' : 's'} of ${parsed.stepsPerEpoch} steps.` : undefined}
            onChange={(maxSteps) => change({ maxSteps })}
          />
        )}
      </fieldset>

      <div className="form-grid">
        <NumberField id="new-run-lr" label="Learning rate" decimal value={form.lr} error={err('settings.lr')} hint="Scaled by batch/256; cosine decay." onChange={(lr) => change({ lr })} />
        <NumberField id="new-run-warmup" label="Warm-up" unit="epochs" value={form.warmupEpochs} error={err('settings.warmupEpochs')} hint="Linear ramp of the learning rate." onChange={(warmupEpochs) => change({ warmupEpochs })} />
        <NumberField id="new-run-checkpoint" label="Checkpoint every" unit="steps" value={form.checkpointEvery} error={err('settings.checkpointEvery')} hint="A crash loses at most this many steps." onChange={(checkpointEvery) => change({ checkpointEvery })} />
        <NumberField id="new-run-seed" label="Seed" value={form.seed} error={err('settings.seed')} hint="Same seed, data and settings: same run." onChange={(seed) => change({ seed })} />
      </div>

      <AdvancedFields form={form} errors={{ ...hostErrors.byField, ...clientErrors }} open={advanced} onToggle={setAdvanced} onChange={change} />

      <EstimatePanel shape={flopShape} stepsPerEpoch={parsed.stepsPerEpoch} stepsTotal={parsed.stepsTotal} probe={probe.state} onProbe={probe.probe} />

      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Starting…' : 'Start run'}
        </button>
        <button
          type="button"
          onClick={() => {
            touched.current = false;
            setAttempted(false);
            clearErrors();
            setForm(defaultForm(backend, form.datasetIds));
          }}
        >
          Reset to defaults
        </button>
        <span className="muted hint">
          Defaults for {backend ?? 'this machine'}: {BACKBONES[defaultForm(backend).backbone].label}. Runs train one at a time; others wait in the queue.
        </span>
      </div>
      <FormError>{general}</FormError>
    </form>
  );
}

const CLIENT_INVALID = 'client-invalid';
class ClientInvalid extends Error {
  constructor() {
    super(CLIENT_INVALID);
  }
}
