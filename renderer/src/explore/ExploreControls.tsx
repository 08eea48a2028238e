import type { Dataset } from '../../../app/api/contract';
import type { FeatureSource } from '../../../app/api/schemas/explore';
import { Field } from '../common/Field';
import { formatCount } from '../common/format';
import { NumberField } from '../train/NumberField';
import { FACETS, type SettingsField, type SettingsForm } from './model/settings';
import { sourceKey, sourceOptionText } from './model/sources';

interface ExploreControlsProps {
  readonly datasets: readonly Dataset[];
  readonly datasetId: number | undefined;
  readonly sources: readonly FeatureSource[];
  readonly source: string | undefined;
  /** '' = no comparison. */
  readonly compare: string;
  readonly settings: SettingsForm;
  readonly settingsErrors: Partial<Record<SettingsField, string>>;
  onDataset(id: number): void;
  onSource(key: string): void;
  onCompare(key: string): void;
  onSettings(settings: SettingsForm): void;
  onRefreshSources(): void;
}

/** The header of the Explore page: which images, which model (and a second one to compare), which features. */
export function ExploreControls(props: ExploreControlsProps) {
  const { datasets, datasetId, sources, source, compare, settings, settingsErrors } = props;
  const set = (change: Partial<SettingsForm>) => props.onSettings({ ...settings, ...change });
  const hasError = Object.keys(settingsErrors).length > 0;
  return (
    <div className="explore-controls" role="group" aria-label="What to explore">
      <div className="explore-form">
        <Field id="explore-dataset" label="Dataset" error={undefined}>
          {(control) => (
            <select {...control} value={datasetId ?? ''} onChange={(e) => props.onDataset(Number(e.target.value))}>
              {datasets.map((d) => (
                <option key={d.id} value={d.id} disabled={d.counts.ok === 0}>
                  {d.name} · {formatCount(d.counts.ok)} images
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="explore-source" label="Feature source" error={undefined} className="grow">
          {(control) => (
            <select {...control} value={source ?? ''} onChange={(e) => props.onSource(e.target.value)}>
              {source === undefined && <option value="">No usable source</option>}
              {sources.map((s) => (
                <option key={sourceKey(s.ref)} value={sourceKey(s.ref)} disabled={s.unavailable !== null}>
                  {sourceOptionText(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="explore-compare" label="Compare with" error={undefined} className="grow">
          {(control) => (
            <select {...control} value={compare} onChange={(e) => props.onCompare(e.target.value)}>
              <option value="">Nothing (one source)</option>
              {sources
                .filter((s) => sourceKey(s.ref) !== source)
                .map((s) => (
                  <option key={sourceKey(s.ref)} value={sourceKey(s.ref)} disabled={s.unavailable !== null}>
                    {sourceOptionText(s)}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <div className="field actions">
          <button type="button" onClick={props.onRefreshSources} title="Look again for new checkpoints of running runs">
            Refresh sources
          </button>
        </div>
      </div>
      <details className="advanced" open={hasError || undefined}>
        <summary>Advanced: feature settings</summary>
        <p className="hint muted">Empty fields let the source choose (its defaults). Smaller strides give finer maps and take longer.</p>
        <div className="explore-form">
          <NumberField id="explore-layer" label="Layer" value={settings.layer} placeholder="default" error={settingsErrors.layer} hint="Block, 0-based; −1 = last." onChange={(layer) => set({ layer })} />
          <Field id="explore-facet" label="Facet" error={undefined}>
            {(control) => (
              <select {...control} value={settings.facet} onChange={(e) => set({ facet: e.target.value as SettingsForm['facet'] })}>
                <option value="">Default</option>
                {FACETS.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <NumberField id="explore-input-size" label="Input size" unit="px" value={settings.inputSize} placeholder="default" error={settingsErrors.inputSize} onChange={(inputSize) => set({ inputSize })} />
          <NumberField id="explore-stride" label="Stride" unit="px" value={settings.stride} placeholder="default" error={settingsErrors.stride} onChange={(stride) => set({ stride })} />
          <Field id="explore-log-bin" label="Log-binning" error={undefined}>
            {(control) => (
              <select {...control} value={settings.logBin} onChange={(e) => set({ logBin: e.target.value as SettingsForm['logBin'] })}>
                <option value="">Default</option>
                <option value="on">On</option>
                <option value="off">Off</option>
              </select>
            )}
          </Field>
        </div>
      </details>
    </div>
  );
}
