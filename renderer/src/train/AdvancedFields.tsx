import type { FormField, RunForm } from '../runs/model/settings';
import { BACKBONES } from '../runs/model/presets';
import { NumberField } from './NumberField';

interface AdvancedFieldsProps {
  readonly form: RunForm;
  readonly errors: Partial<Record<FormField, string>>;
  readonly open: boolean;
  onToggle(open: boolean): void;
  onChange(change: Partial<RunForm>): void;
}

/** Grid and backbone overrides for small experiments; empty fields keep the preset's values (shown as placeholders). */
export function AdvancedFields({ form, errors, open, onToggle, onChange }: AdvancedFieldsProps) {
  const preset = BACKBONES[form.backbone];
  const hasError = (['settings.cellSize', 'settings.cropCells', 'settings.embedDim', 'settings.depth', 'settings.numHeads'] as const).some((f) => errors[f]);
  return (
    <details className="advanced" open={open || hasError} onToggle={(e) => onToggle((e.target as HTMLDetailsElement).open)}>
      <summary>Advanced: grid and backbone size</summary>
      <p className="hint muted">Empty fields keep the {preset.label} preset. Smaller values make quick experiments on small machines.</p>
      <div className="form-grid">
        <NumberField id="new-run-cell-size" label="Cell size" unit="px" value={form.cellSize} placeholder={String(preset.patchSize)} error={errors['settings.cellSize']} hint="Grid cell = ViT patch." onChange={(cellSize) => onChange({ cellSize })} />
        <NumberField id="new-run-crop-cells" label="Crop" unit="cells" value={form.cropCells} placeholder={String(preset.imgSize / preset.patchSize)} error={errors['settings.cropCells']} hint="Tokens per side." onChange={(cropCells) => onChange({ cropCells })} />
        <NumberField id="new-run-embed-dim" label="Width" unit="channels" value={form.embedDim} placeholder={String(preset.embedDim)} error={errors['settings.embedDim']} onChange={(embedDim) => onChange({ embedDim })} />
        <NumberField id="new-run-depth" label="Depth" unit="blocks" value={form.depth} placeholder={String(preset.depth)} error={errors['settings.depth']} onChange={(depth) => onChange({ depth })} />
        <NumberField id="new-run-heads" label="Heads" value={form.numHeads} placeholder={String(preset.numHeads)} error={errors['settings.numHeads']} onChange={(numHeads) => onChange({ numHeads })} />
      </div>
    </details>
  );
}
