import { useEffect, useId, useState } from 'react';
import { ImageBox } from '../ImageBox';
import { ImageStrip } from '../ImageStrip';
import { MarkerLayer } from '../MarkerLayer';
import { nudgePoint } from '../model/frame';
import { lutGradient } from '../model/heatmap';
import { OpacitySlider } from '../OpacitySlider';
import type { ChosenSource, ExploreImage, ExploreScope } from '../scope';
import { useOperation } from '../useOperation';
import { BuddiesPanel } from './BuddiesPanel';
import { KeyMatches } from './KeyMatches';
import { chooseQuery, choosePoint, MAX_KEYS, toggleKey, type CorrespondenceSelection } from './selection';

type Mode = 'point' | 'buddies';

interface CorrespondenceTabProps {
  readonly scope: ExploreScope;
  readonly selection: CorrespondenceSelection;
  onSelection(selection: CorrespondenceSelection): void;
}

/**
 * Click a point on the query image: each key shows how similar every patch is to it (heat map) and its best match,
 * for the chosen source and the comparison source. Every new point cancels the query still in flight.
 */
export function CorrespondenceTab({ scope, selection, onSelection }: CorrespondenceTabProps) {
  const modeName = useId();
  const [mode, setMode] = useState<Mode>('point');
  const [opacity, setOpacity] = useState(0.55);
  const [sharedScale, setSharedScale] = useState(false);
  const primary = useOperation('explore.correspond');
  const secondary = useOperation('explore.correspond');
  const byId = new Map(scope.images.map((i) => [i.id, i]));
  const query = selection.queryId === undefined ? undefined : byId.get(selection.queryId);
  const keys = selection.keyIds.flatMap((id) => byId.get(id) ?? []);
  const { point } = selection;

  const request =
    mode === 'point' && query && point && keys.length > 0 && scope.blocked === undefined
      ? { settings: scope.settings, queryImageId: query.id, point, keyImageIds: keys.map((k) => k.id) }
      : undefined;
  const requestKey = JSON.stringify([request, scope.source?.ref, scope.compare?.ref]);
  useEffect(() => {
    if (!request || !scope.source) {
      primary.clear();
      secondary.clear();
      return;
    }
    const ask = (source: ChosenSource) => ({ ...request, source: source.ref });
    void primary.run(ask(scope.source));
    if (scope.compare) void secondary.run(ask(scope.compare));
    else secondary.clear();
    // One call per distinct request: the key covers everything the request is made of.
  }, [requestKey]);

  const pick = (p: { x: number; y: number }) => onSelection(choosePoint(selection, p));

  return (
    <div className="correspondence">
      <ImageStrip
        label="Query and key images"
        images={scope.images}
        tileClass={(image) => (image.id === selection.queryId ? 'is-query' : selection.keyIds.includes(image.id) ? 'is-key' : undefined)}
        controls={(image) => (
          <>
            <label className="check">
              <input
                type="radio"
                name={`${modeName}-query`}
                checked={image.id === selection.queryId}
                onChange={() => onSelection(chooseQuery(selection, image.id))}
                aria-label={`Query: ${image.fileName}`}
              />
              Query
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={selection.keyIds.includes(image.id)}
                disabled={image.id === selection.queryId || (!selection.keyIds.includes(image.id) && selection.keyIds.length >= MAX_KEYS)}
                onChange={() => onSelection(toggleKey(selection, image.id))}
                aria-label={`Key: ${image.fileName}`}
              />
              Key
            </label>
          </>
        )}
      />

      <div className="explore-toolbar">
        <div role="radiogroup" aria-label="Correspondence mode" className="segmented">
          {(
            [
              ['point', 'Point → heat maps'],
              ['buddies', 'Best buddies'],
            ] as const
          ).map(([value, text]) => (
            <label key={value} className="check">
              <input type="radio" name={`${modeName}-mode`} checked={mode === value} onChange={() => setMode(value)} />
              {text}
            </label>
          ))}
        </div>
        {mode === 'point' && (
          <>
            <OpacitySlider label="Heat map opacity" value={opacity} onChange={setOpacity} />
            <label className="check">
              <input type="checkbox" checked={sharedScale} onChange={(e) => setSharedScale(e.target.checked)} />
              Same colour scale for all keys
            </label>
            <span className="colorbar-legend" aria-label="Colour scale: low to high similarity">
              <span className="muted">low</span>
              <span className="colorbar" style={{ background: lutGradient() }} aria-hidden="true" />
              <span className="muted">high similarity</span>
            </span>
          </>
        )}
      </div>

      {!query ? (
        <p className="muted">Choose a query image in the strip above.</p>
      ) : mode === 'buddies' ? (
        keys[0] ? (
          <BuddiesPanel scope={scope} query={query} keyImage={keys[0]} />
        ) : (
          <p className="muted">Choose a key image: best buddies pair the query with the first key.</p>
        )
      ) : (
        <div className="correspondence-layout">
          <QueryView image={query} point={point} voiApplied={scope.voiApplied} onPick={pick} />
          <div className="key-rows">
            {keys.length === 0 && <p className="muted">Choose up to {MAX_KEYS} key images in the strip above.</p>}
            {keys.length > 0 && !point && <p className="muted">Click a point on the query image to find it on the keys.</p>}
            {keys.length > 0 &&
              [
                { source: scope.source, operation: primary },
                { source: scope.compare, operation: secondary },
              ].map(
                ({ source, operation }, row) =>
                  source && (
                    <KeyMatches
                      key={row}
                      label={source.label}
                      keys={keys}
                      state={operation.state}
                      opacity={opacity}
                      sharedScale={sharedScale}
                      reference={selection.reference}
                      voiApplied={scope.voiApplied}
                      onCancel={operation.cancel}
                    />
                  ),
              )}
          </div>
        </div>
      )}
    </div>
  );
}

interface QueryViewProps {
  readonly image: ExploreImage;
  readonly point: { x: number; y: number } | undefined;
  readonly voiApplied: boolean;
  onPick(p: { x: number; y: number }): void;
}

/** The query image: click to choose the point; with the image focused, arrow keys move it (Shift: further). */
function QueryView({ image, point, voiApplied, onPick }: QueryViewProps) {
  const centre = { x: image.size.width / 2, y: image.size.height / 2 };
  return (
    <figure className="query-view" aria-label={`Query ${image.fileName}`}>
      <ImageBox
        image={image}
        label={`Query image ${image.fileName}: click a point, or use the arrow keys`}
        quality="pixels"
        voiApplied={voiApplied}
        onPick={onPick}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onPick(point ?? centre);
            return;
          }
          const next = nudgePoint(point ?? centre, e.key, e.shiftKey, image.size);
          if (!next) return;
          e.preventDefault();
          onPick(next);
        }}
        overlay={(box) => point && <MarkerLayer image={image.size} box={box} markers={[{ kind: 'query', at: point, title: 'Query point' }]} />}
      />
      <figcaption>
        <span className="key-name">{image.fileName}</span>
        <span className="muted" data-testid="query-point">
          {point ? `Point at (${point.x.toFixed(1)}, ${point.y.toFixed(1)})` : 'Click a point (or focus and press Enter, then arrow keys)'}
        </span>
      </figcaption>
    </figure>
  );
}
