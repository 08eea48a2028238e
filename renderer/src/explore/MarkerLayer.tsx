import type { Size } from '../data/viewer/viewport';
import { imageToBox } from './model/frame';
import type { XY } from './model/scatter';

/**
 * What is drawn over an image: the query point, a best match (red cross, as in the published figures), a landmark's
 * ground truth (green ring) and a stored prediction (orange cross), or a numbered best-buddy pair in its colour.
 */
export type Marker =
  | { readonly kind: 'query' | 'match' | 'truth' | 'prediction'; readonly at: XY; readonly title: string }
  | { readonly kind: 'pair'; readonly at: XY; readonly color: string; readonly n: number; readonly title: string };

export function MarkerLayer({ image, box, markers }: { image: Size; box: Size; markers: readonly Marker[] }) {
  return (
    <svg className="explore-markers" width={box.width} height={box.height} aria-hidden="true">
      {markers.map((m, i) => {
        const s = imageToBox(m.at, image, box);
        return (
          <g key={i} className={`marker marker-${m.kind}`} data-kind={m.kind} data-x={m.at.x.toFixed(1)} data-y={m.at.y.toFixed(1)}>
            <title>{m.title}</title>
            {m.kind === 'pair' ? (
              <>
                <circle cx={s.x} cy={s.y} r={8} fill={m.color} className="pair-disc" />
                <circle cx={s.x} cy={s.y} r={1.5} fill={m.color} />
                <text x={s.x + 10} y={s.y - 8} className="pair-number">
                  {m.n}
                </text>
              </>
            ) : m.kind === 'truth' || m.kind === 'query' ? (
              <>
                <circle cx={s.x} cy={s.y} r={7} className="ring-halo" />
                <circle cx={s.x} cy={s.y} r={7} className="ring" />
              </>
            ) : (
              <>
                <path d={cross(s, 7)} className="cross-halo" />
                <path d={cross(s, 7)} className="cross" />
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}

function cross(p: XY, r: number): string {
  return `M${p.x - r},${p.y - r} L${p.x + r},${p.y + r} M${p.x - r},${p.y + r} L${p.x + r},${p.y - r}`;
}
