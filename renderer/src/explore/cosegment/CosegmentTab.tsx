import { useEffect, useId, useMemo, useState } from 'react';
import type { CosegmentOutput } from '../../../../app/api/schemas/explore';
import { formatCount } from '../../common/format';
import { NumberField } from '../../train/NumberField';
import { GridCanvas } from '../GridCanvas';
import { ImageBox } from '../ImageBox';
import { ImageStrip } from '../ImageStrip';
import { decodeLabels, labelsRgba, partColors } from '../model/labels';
import { parseWhole } from '../model/settings';
import { OpacitySlider } from '../OpacitySlider';
import { OperationStatus } from '../OperationStatus';
import type { ExploreImage, ExploreScope } from '../scope';
import { useOperation } from '../useOperation';
import { ExportPanel } from './ExportPanel';
import { PartLegend } from './PartLegend';

const MIN_IMAGES = 2;
const MAX_IMAGES = 64;
const DEFAULT_IMAGES = 8;
/** A new K re-runs once typing has paused; the server keeps the expensive stages, so this is quick. */
const PARTS_DELAY_MS = 300;

type SegmentedImage = CosegmentOutput['images'][number];

/** Common anatomy of a set of images in K parts, each part one colour across all of them. */
export function CosegmentTab({ scope }: { scope: ExploreScope }) {
  const id = useId();
  const [chosen, setChosen] = useState<readonly number[]>(() => scope.images.slice(0, DEFAULT_IMAGES).map((i) => i.id));
  const [parts, setParts] = useState('5');
  const [opacity, setOpacity] = useState(0.5);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [started, setStarted] = useState(false);
  const op = useOperation('explore.cosegment');
  const k = parseWhole(parts, 1, 12, 'Parts');
  const countError =
    chosen.length < MIN_IMAGES || chosen.length > MAX_IMAGES ? `Choose ${MIN_IMAGES} to ${MAX_IMAGES} images (${chosen.length} chosen).` : undefined;
  const request =
    scope.source && scope.blocked === undefined && k.value !== undefined && !countError
      ? { source: scope.source.ref, settings: scope.settings, imageIds: [...chosen], parts: k.value }
      : undefined;

  // Once a segmentation has been asked for, a new K re-runs it by itself.
  const partsValue = k.value;
  useEffect(() => {
    if (!started || !request) return;
    const timer = setTimeout(() => void op.run(request), PARTS_DELAY_MS);
    return () => clearTimeout(timer);
    // Only K triggers a re-run; a new image choice waits for the button.
  }, [partsValue]);

  const result = op.state.result;
  const legend = (result?.legend ?? []).filter((p) => p.index > 0);
  const byId = new Map(scope.images.map((i) => [i.id, i]));

  const toggle = (imageId: number, on: boolean) => setChosen((c) => (on ? [...c, imageId] : c.filter((x) => x !== imageId)));

  return (
    <div className="cosegment">
      <div className="explore-toolbar">
        <span className="muted" role="status">
          {formatCount(chosen.length)} of {formatCount(scope.images.length)} images chosen
        </span>
        <button type="button" onClick={() => setChosen(scope.images.slice(0, DEFAULT_IMAGES).map((i) => i.id))}>
          First {DEFAULT_IMAGES}
        </button>
        <button type="button" onClick={() => setChosen([])}>
          None
        </button>
        {countError && <span className="field-error">{countError}</span>}
      </div>
      <ImageStrip
        label="Images to co-segment"
        images={scope.images}
        tileClass={(image) => (chosen.includes(image.id) ? 'is-chosen' : undefined)}
        controls={(image) => (
          <label className="check">
            <input
              type="checkbox"
              checked={chosen.includes(image.id)}
              disabled={!chosen.includes(image.id) && chosen.length >= MAX_IMAGES}
              onChange={(e) => toggle(image.id, e.target.checked)}
              aria-label={`Include ${image.fileName}`}
            />
            Include
          </label>
        )}
      />
      <form
        className="explore-form"
        aria-label="Co-segmentation"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!request) return;
          setStarted(true);
          void op.run(request);
        }}
      >
        <NumberField id={`${id}-parts`} label="Parts" value={parts} error={k.error} hint="1–12; a change re-runs." onChange={setParts} />
        <div className="field actions">
          <button type="submit" className="primary" disabled={!request}>
            Co-segment
          </button>
        </div>
      </form>
      <OperationStatus label="Co-segmentation" state={op.state} onCancel={op.cancel} />
      {result && (
        <div className="coseg-result" aria-busy={op.state.running}>
          <div className="explore-toolbar">
            <span className="result-summary" data-testid="coseg-summary">
              {result.sourceLabel}: {legend.length} parts · {result.clusters} clusters, {result.foregroundClusters} common foreground · {Math.round(result.elapsedMs)} ms
            </span>
            <OpacitySlider label="Overlay opacity" value={opacity} onChange={setOpacity} />
          </div>
          <PartLegend
            parts={legend}
            hidden={hidden}
            onToggle={(index, shown) =>
              setHidden((h) => {
                const next = new Set(h);
                if (shown) next.delete(index);
                else next.add(index);
                return next;
              })
            }
          />
          <div className="coseg-grid">
            {result.images.map((seg) => {
              const image = byId.get(seg.imageId) ?? { id: seg.imageId, fileName: `image ${seg.imageId}`, size: { width: seg.width, height: seg.height } };
              return <SegmentedView key={seg.imageId} image={image} seg={seg} legend={legend} hidden={hidden} opacity={opacity} voiApplied={scope.voiApplied} />;
            })}
          </div>
        </div>
      )}
      <ExportPanel request={request} />
    </div>
  );
}

interface SegmentedViewProps {
  readonly image: ExploreImage;
  readonly seg: SegmentedImage;
  readonly legend: CosegmentOutput['legend'];
  readonly hidden: ReadonlySet<number>;
  readonly opacity: number;
  readonly voiApplied: boolean;
}

function SegmentedView({ image, seg, legend, hidden, opacity, voiApplied }: SegmentedViewProps) {
  const bytes = useMemo(() => decodeLabels(seg.labels), [seg.labels]);
  const rgba = useMemo(() => labelsRgba(bytes, partColors(legend, (i) => !hidden.has(i))), [bytes, legend, hidden]);
  // partFractions[k − 1] is the share of the image covered by part k.
  const fractions = legend.map((p) => `${p.name} ${Math.round((seg.partFractions[p.index - 1] ?? 0) * 100)} %`).join(', ');
  return (
    <figure className="coseg-view" aria-label={`Parts of ${image.fileName}`}>
      <ImageBox
        image={image}
        label={`${image.fileName} with parts`}
        quality="thumbnail"
        voiApplied={voiApplied}
        title={fractions}
        overlay={() => <GridCanvas rows={seg.labels.rows} cols={seg.labels.cols} rgba={rgba} opacity={opacity} crisp testId="label-map" />}
      />
      <figcaption className="key-name">{image.fileName}</figcaption>
    </figure>
  );
}
