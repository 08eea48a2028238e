import { useId, useState } from 'react';
import type { BuddiesOutput } from '../../../../app/api/schemas/explore';
import { ImageBox } from '../ImageBox';
import { MarkerLayer, type Marker } from '../MarkerLayer';
import { pairColor } from '../model/colors';
import { parseWhole } from '../model/settings';
import { NumberField } from '../../train/NumberField';
import { OperationStatus } from '../OperationStatus';
import type { ChosenSource, ExploreImage, ExploreScope } from '../scope';
import { useOperation, type OperationState } from '../useOperation';

const fmt = (v: number) => v.toFixed(0);

/** Best-buddy pairs between the query and the first key, for the source and (side by side) the comparison source. */
export function BuddiesPanel({ scope, query, keyImage }: { scope: ExploreScope; query: ExploreImage; keyImage: ExploreImage }) {
  const countId = useId();
  const [count, setCount] = useState('10');
  const primary = useOperation('explore.buddies');
  const secondary = useOperation('explore.buddies');
  const parsed = parseWhole(count, 1, 50, 'Pairs');

  const find = () => {
    if (parsed.value === undefined || !scope.source) return;
    const n = parsed.value;
    const input = (source: ChosenSource) => ({ source: source.ref, settings: scope.settings, imageA: query.id, imageB: keyImage.id, count: n });
    void primary.run(input(scope.source));
    if (scope.compare) void secondary.run(input(scope.compare));
    else secondary.clear();
  };

  return (
    <div className="buddies">
      <div className="explore-toolbar">
        <NumberField id={countId} label="Pairs" value={count} error={parsed.error} onChange={setCount} />
        <button type="button" className="primary" disabled={parsed.error !== undefined || scope.blocked !== undefined} onClick={find}>
          Find best buddies
        </button>
        <span className="muted">
          {query.fileName} ↔ {keyImage.fileName}
        </span>
      </div>
      {scope.source && <BuddiesRow source={scope.source} query={query} keyImage={keyImage} state={primary.state} voiApplied={scope.voiApplied} onCancel={primary.cancel} />}
      {scope.compare && <BuddiesRow source={scope.compare} query={query} keyImage={keyImage} state={secondary.state} voiApplied={scope.voiApplied} onCancel={secondary.cancel} />}
    </div>
  );
}

interface BuddiesRowProps {
  readonly source: ChosenSource;
  readonly query: ExploreImage;
  readonly keyImage: ExploreImage;
  readonly state: OperationState<BuddiesOutput>;
  readonly voiApplied: boolean;
  onCancel(): void;
}

function BuddiesRow({ source, query, keyImage, state, voiApplied, onCancel }: BuddiesRowProps) {
  const pairs: BuddiesOutput['pairs'] = state.result?.pairs ?? [];
  const side = (which: 'a' | 'b'): Marker[] =>
    pairs.map((p, i) => ({ kind: 'pair', at: p[which], color: pairColor(i), n: i + 1, title: `Pair ${i + 1}: similarity ${p.score.toFixed(3)}` }));
  return (
    <section className="buddies-row" aria-label={`Best buddies by ${source.label}`} aria-busy={state.running}>
      <header className="key-row-header">
        <h3>{source.label}</h3>
        {state.result && (
          <span className="muted" data-testid="buddies-summary">
            {pairs.length} well-spread pairs of {state.result.mutualCount} mutual nearest neighbours · {Math.round(state.result.elapsedMs)} ms
          </span>
        )}
      </header>
      <OperationStatus label={`Best buddies (${source.label})`} state={state} onCancel={onCancel} />
      <div className="buddies-images">
        {(
          [
            [query, 'a'],
            [keyImage, 'b'],
          ] as const
        ).map(([image, which]) => (
          <ImageBox
            key={which}
            image={image}
            label={`${which === 'a' ? 'Query' : 'Key'} image ${image.fileName} with best buddies`}
            quality="pixels"
            voiApplied={voiApplied}
            overlay={(box) => <MarkerLayer image={image.size} box={box} markers={side(which)} />}
          />
        ))}
        {pairs.length > 0 && (
          <table className="table compact buddies-table" aria-label={`Best-buddy pairs by ${source.label}`}>
            <thead>
              <tr>
                <th scope="col">Pair</th>
                <th scope="col">Query (x, y)</th>
                <th scope="col">Key (x, y)</th>
                <th scope="col" className="num">
                  Similarity
                </th>
              </tr>
            </thead>
            <tbody>
              {pairs.map((p, i) => (
                <tr key={i}>
                  <th scope="row">
                    <span className="swatch" style={{ background: pairColor(i) }} aria-hidden="true" /> {i + 1}
                  </th>
                  <td>
                    {fmt(p.a.x)}, {fmt(p.a.y)}
                  </td>
                  <td>
                    {fmt(p.b.x)}, {fmt(p.b.y)}
                  </td>
                  <td className="num">{p.score.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
