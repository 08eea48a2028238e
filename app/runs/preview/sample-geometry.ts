import { sampleAceGeometry } from '../../ssl/geometry/ace-sample';
import { type PixelBox, tokensPerSide } from '../../ssl/geometry/grid';
import { maskIndices, peacOverlap, samplePeacPlacement } from '../../ssl/geometry/peac';
import { peacImageSide } from '../../ssl/peac/batch';
import type { Rng } from '../../ssl/rng';
import type { TrainConfig } from '../../ssl/train/config';
import { gridOf, peacSpecOf } from '../../ssl/train/methods';

/** One view of a training sample in the trainer's image (imageSide px square). */
export interface ViewGeometry {
  readonly label: string;
  readonly box: PixelBox;
  readonly tokens: number;
  readonly overlap: Uint8Array;
}

export interface SampleGeometry {
  readonly imageSide: number;
  readonly views: readonly [ViewGeometry, ViewGeometry];
  /** Every matched token pair [token of view 1, token of view 2], row-major indices, in view 2's order. */
  readonly pairs: readonly (readonly [number, number])[];
  readonly note: string;
}

/** ACE, DINO and Barlow Twins: the large crop L (2S cells, halved) and the small crop S; each S token lies in one L token. */
function gridSample(c: TrainConfig, rng: Rng): SampleGeometry {
  const spec = gridOf(c);
  if (!Number.isInteger(spec.imageCells)) throw new RangeError(`imageSize ${c.imageSize} is not a multiple of cellSize ${c.cellSize}`);
  const g = sampleAceGeometry(rng, spec);
  const n = tokensPerSide(spec);
  const [rL, cL] = g.placement.large;
  const [rS, cS] = g.placement.small;
  const pairs = maskIndices(g.overlapSmall).map((t) => {
    const i = Math.floor(t / n);
    const j = t % n;
    return [Math.floor((rS + i - rL) / 2) * n + Math.floor((cS + j - cL) / 2), t] as const;
  });
  return {
    imageSide: c.imageSize,
    views: [
      { label: 'Large crop L (halved: one token = 2×2 cells)', box: g.largeBox, tokens: n, overlap: g.overlapLarge },
      { label: 'Small crop S (one token = one cell)', box: g.smallBox, tokens: n, overlap: g.overlapSmall },
    ],
    pairs,
    note: `Drawn on the ${c.imageSize}-px image before ${c.augment ? 'the global random resized crop and the intensity augmentations' : 'normalisation (augmentations are off)'}.`,
  };
}

/** PEAC: a sub-cell jitter, then two equally sized crops on the cell grid (token = cell). Draws as peacBatch does. */
function peacSample(c: TrainConfig, rng: Rng): SampleGeometry {
  const spec = peacSpecOf(c);
  const cell = c.cellSize;
  const jitter = [rng.int(0, cell - 1), rng.int(0, cell - 1)] as const;
  const placement = samplePeacPlacement(rng, spec);
  const side = spec.cropCells * cell;
  const box = (o: readonly [number, number]): PixelBox => {
    const top = jitter[0] + o[0] * cell;
    const left = jitter[1] + o[1] * cell;
    return { rowStart: top, rowEnd: top + side, colStart: left, colEnd: left + side };
  };
  const overlap = peacOverlap(spec, placement);
  const pairs = Array.from({ length: overlap.pairs.length / 2 }, (_, k) => [overlap.pairs[2 * k] ?? 0, overlap.pairs[2 * k + 1] ?? 0] as const);
  return {
    imageSide: peacImageSide(spec, cell),
    views: [
      { label: 'View 1 (shuffled or distorted in training)', box: box(placement.view1), tokens: spec.cropCells, overlap: overlap.mask1 },
      { label: 'View 2', box: box(placement.view2), tokens: spec.cropCells, overlap: overlap.mask2 },
    ],
    pairs,
    note: `Drawn on the ${peacImageSide(spec, cell)}-px image before view 1's patch shuffle or distortion.`,
  };
}

/** The two views of one sample, drawn from `rng` exactly as the method's data pipeline draws its geometry. */
export function sampleGeometry(c: TrainConfig, rng: Rng): SampleGeometry {
  return c.method === 'peac' || c.method === 'peac-1' ? peacSample(c, rng) : gridSample(c, rng);
}

/**
 * Up to `k` pairs spread over the overlap, at most one per token of view 1 (several S tokens share an L token):
 * farthest-point sampling on view 2's grid (`side` tokens per row), starting nearest the overlap's centre.
 */
export function spreadPairs(pairs: readonly (readonly [number, number])[], k: number, side: number): [number, number][] {
  const seen = new Set<number>();
  const distinct = pairs.filter(([a]) => !seen.has(a) && seen.add(a));
  if (distinct.length === 0 || k <= 0) return [];
  const at = ([, b]: readonly [number, number]): [number, number] => [Math.floor(b / side), b % side];
  const points = distinct.map(at);
  const centre = [0, 1].map((axis) => points.reduce((s, p) => s + p[axis]!, 0) / points.length);
  const d2 = (p: readonly number[], q: readonly number[]): number => (p[0]! - q[0]!) ** 2 + (p[1]! - q[1]!) ** 2;
  const chosen = [points.reduce((best, p, i) => (d2(p, centre) < d2(points[best]!, centre) ? i : best), 0)];
  const nearest = points.map((p) => d2(p, points[chosen[0]!]!));
  while (chosen.length < Math.min(k, points.length)) {
    const next = nearest.reduce((best, d, i) => (d > nearest[best]! ? i : best), 0);
    chosen.push(next);
    points.forEach((p, i) => (nearest[i] = Math.min(nearest[i]!, d2(p, points[next]!))));
  }
  return chosen.map((i) => [distinct[i]![0], distinct[i]![1]]);
}
