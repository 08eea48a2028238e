import { useId, useMemo, useState, type FormEvent } from 'react';
import { Field } from '../../common/Field';
import { NumberField } from '../../train/NumberField';
import { categoryColor } from '../model/colors';
import { parseWhole } from '../model/settings';
import { defaultTemplateId } from '../model/templates';
import { OperationStatus } from '../OperationStatus';
import type { ExploreScope } from '../scope';
import { NoAnnotations, TemplateSelect } from '../TemplateSelect';
import { useOperation } from '../useOperation';
import { PatchPreview } from './PatchPreview';
import { ScatterPlot } from './ScatterPlot';

type Projection = 'tsne' | 'pca' | 'umap';
const PROJECTIONS: readonly [Projection, string][] = [
  ['tsne', 't-SNE'],
  ['pca', 'PCA'],
  ['umap', 'UMAP'],
];

/** Patch embeddings around annotated landmarks, projected to 2-D and coloured by landmark; hover shows the patch. */
export function EmbeddingsTab({ scope }: { scope: ExploreScope }) {
  const id = useId();
  const [pickedTemplate, setTemplateId] = useState<number>();
  const templateId = pickedTemplate ?? defaultTemplateId(scope.templates);
  const [projection, setProjection] = useState<Projection>('tsne');
  const [symmetry, setSymmetry] = useState(false);
  const [maxImages, setMaxImages] = useState('60');
  const [hover, setHover] = useState(-1);
  const op = useOperation('explore.embeddings');
  const max = parseWhole(maxImages, 2, 500, 'Images');
  const result = op.state.result;
  const unannotated = scope.templates.find((t) => t.id === templateId)?.annotationCount === 0;

  const colors = useMemo(() => {
    const map = new Map<string, string>();
    for (const p of result?.points ?? []) if (!map.has(p.landmark)) map.set(p.landmark, categoryColor(map.size));
    return map;
  }, [result]);
  const counts = useMemo(() => {
    const n = new Map<string, number>();
    for (const p of result?.points ?? []) n.set(p.landmark, (n.get(p.landmark) ?? 0) + 1);
    return n;
  }, [result]);
  const byId = new Map(scope.images.map((i) => [i.id, i]));
  const hovered = result && hover >= 0 ? result.points[hover] : undefined;
  const hoveredImage = hovered ? byId.get(hovered.imageId) : undefined;

  const run = (e: FormEvent) => {
    e.preventDefault();
    if (!scope.source || templateId === undefined || max.value === undefined) return;
    setHover(-1);
    void op.run({ source: scope.source.ref, projection, symmetry, maxImages: max.value, templateId, datasetId: scope.dataset.id, seed: 0 });
  };

  return (
    <div className="embeddings">
      <form className="explore-form" aria-label="Landmark embeddings" onSubmit={run} noValidate>
        <TemplateSelect id={`${id}-template`} templates={scope.templates} value={templateId} onChange={setTemplateId} />
        <Field id={`${id}-projection`} label="Projection" error={undefined}>
          {(control) => (
            <select {...control} value={projection} onChange={(e) => setProjection(e.target.value as Projection)}>
              {PROJECTIONS.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          )}
        </Field>
        <NumberField id={`${id}-max`} label="Max images" value={maxImages} error={max.error} onChange={setMaxImages} />
        <div className="field check-field">
          <label className="check">
            <input type="checkbox" checked={symmetry} onChange={(e) => setSymmetry(e.target.checked)} />
            Symmetry: add mirrored patches
          </label>
        </div>
        <div className="field actions">
          <button type="submit" className="primary" disabled={scope.blocked !== undefined || templateId === undefined || unannotated || max.value === undefined || op.state.running}>
            Compute embedding
          </button>
        </div>
      </form>
      {unannotated && <NoAnnotations />}
      <OperationStatus label="Embedding" state={op.state} onCancel={op.cancel} />
      {result && (
        <>
          <p className="result-summary" role="status">
            {result.sourceLabel}: {result.points.length} patches of {colors.size} landmarks · {Math.round(result.elapsedMs)} ms
            {result.symmetry &&
              ` · mirrored patch to its left/right partner ${result.symmetry.flippedToPartner.toFixed(3)}, unmirrored ${result.symmetry.unflippedToPartner.toFixed(3)} (lower = closer)`}
          </p>
          <div className="embedding-layout">
            <ScatterPlot
              points={result.points}
              colors={colors}
              label={`${PROJECTIONS.find(([p]) => p === projection)?.[1] ?? ''} of ${result.points.length} landmark patches`}
              onHover={setHover}
            />
            <aside className="embedding-side">
              <ul className="landmark-legend" aria-label="Landmarks">
                {[...colors].map(([name, color]) => (
                  <li key={name}>
                    <span className="swatch" style={{ background: color }} aria-hidden="true" />
                    {name} <span className="muted">({counts.get(name)})</span>
                  </li>
                ))}
              </ul>
              {symmetry && <p className="hint muted">Hollow circles: mirrored patches.</p>}
              <div className="hover-card" aria-live="polite">
                {hovered ? (
                  <>
                    <strong>{hovered.landmark}</strong>
                    <span>
                      {hoveredImage?.fileName ?? `image ${hovered.imageId}`}
                      {hovered.flipped ? ' · mirrored' : ''}
                    </span>
                    {hoveredImage && <PatchPreview image={hoveredImage} patch={hovered.patch} flipped={hovered.flipped} />}
                  </>
                ) : (
                  <span className="muted">Hover a point to see its patch.</span>
                )}
              </div>
            </aside>
          </div>
        </>
      )}
    </div>
  );
}
