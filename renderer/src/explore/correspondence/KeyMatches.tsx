import { useMemo } from 'react';
import type { CorrespondOutput } from '../../../../app/api/schemas/explore';
import { GridCanvas } from '../GridCanvas';
import { ImageBox } from '../ImageBox';
import { MarkerLayer, type Marker } from '../MarkerLayer';
import { extentPlacement } from '../model/frame';
import { heatmapRgba, unionRange, valueRange, type Range } from '../model/heatmap';
import { OperationStatus } from '../OperationStatus';
import type { ExploreImage } from '../scope';
import type { OperationState } from '../useOperation';
import type { Reference } from './selection';

type KeyResult = CorrespondOutput['keys'][number];

interface KeyMatchesProps {
  /** The source's label: the row's heading. */
  readonly label: string;
  readonly keys: readonly ExploreImage[];
  readonly state: OperationState<CorrespondOutput>;
  readonly opacity: number;
  /** One colour scale across the row's keys instead of one per key. */
  readonly sharedScale: boolean;
  readonly reference: Reference | undefined;
  readonly voiApplied: boolean;
  onCancel(): void;
}

const fmt = (v: number) => v.toFixed(1);

/** One source's answer to a query point: each key with its similarity heat map and best match. */
export function KeyMatches({ label, keys, state, opacity, sharedScale, reference, voiApplied, onCancel }: KeyMatchesProps) {
  const result = state.result;
  const byId = new Map(result?.keys.map((k) => [k.imageId, k]));
  const shared = sharedScale && result ? unionRange(result.keys.map((k) => valueRange(k.heatmap.values))) : null;
  return (
    <section className="key-row" aria-label={`Matches by ${label}`} aria-busy={state.running}>
      <header className="key-row-header">
        <h3>{label}</h3>
        {result && <span className="muted">{Math.round(result.elapsedMs)} ms</span>}
      </header>
      <OperationStatus label={`Correspondence (${label})`} state={state} onCancel={onCancel} />
      <div className="key-grid">
        {keys.map((image) => (
          <KeyView
            key={image.id}
            image={image}
            match={byId.get(image.id)}
            range={shared}
            opacity={opacity}
            reference={reference?.keyImageId === image.id ? reference : undefined}
            voiApplied={voiApplied}
            sourceLabel={label}
          />
        ))}
      </div>
    </section>
  );
}

interface KeyViewProps {
  readonly image: ExploreImage;
  readonly match: KeyResult | undefined;
  readonly range: Range | null;
  readonly opacity: number;
  readonly reference: Reference | undefined;
  readonly voiApplied: boolean;
  readonly sourceLabel: string;
}

function KeyView({ image, match, range, opacity, reference, voiApplied, sourceLabel }: KeyViewProps) {
  const min = range?.min;
  const max = range?.max;
  const rgba = useMemo(() => {
    if (!match) return null;
    const own = min !== undefined && max !== undefined ? { min, max } : valueRange(match.heatmap.values);
    return own ? heatmapRgba(match.heatmap, own) : null;
  }, [match, min, max]);
  const markers: Marker[] = [];
  if (reference) {
    markers.push({ kind: 'truth', at: reference.truth, title: `${reference.landmark}: annotated position` });
    markers.push({ kind: 'prediction', at: reference.predicted, title: `${reference.landmark}: the evaluation's prediction (${fmt(reference.errorPx)} px off)` });
  }
  if (match) markers.push({ kind: 'match', at: match.match, title: `Best match (${fmt(match.match.x)}, ${fmt(match.match.y)})` });
  return (
    <figure className="key-view" aria-label={`Key ${image.fileName} (${sourceLabel})`}>
      <ImageBox
        image={image}
        label={`Key image ${image.fileName}`}
        quality="pixels"
        voiApplied={voiApplied}
        overlay={(box) => (
          <>
            {match && rgba && (
              <GridCanvas
                rows={match.heatmap.rows}
                cols={match.heatmap.cols}
                rgba={rgba}
                opacity={opacity}
                testId="heatmap"
                placement={extentPlacement(match.heatmap.extent, image.size)}
              />
            )}
            <MarkerLayer image={image.size} box={box} markers={markers} />
          </>
        )}
      />
      <figcaption>
        <span className="key-name">{image.fileName}</span>
        <span className="match-caption" data-testid="match-caption">
          {match ? `Best match at (${fmt(match.match.x)}, ${fmt(match.match.y)}) · similarity ${match.match.score.toFixed(3)}` : 'No match yet'}
        </span>
        {reference && (
          <span className="reference-caption">
            {reference.landmark}: truth (green ring) vs evaluation (orange cross), {fmt(reference.errorPx)} px apart
          </span>
        )}
      </figcaption>
    </figure>
  );
}
