import type { SuggestedPoint, TemplatePoint } from '../../api/schemas/annotations';

/**
 * The atlas prior: each landmark's mean NORMALISED position over annotated images of the dataset, scaled to the
 * target image. Normalised coordinates are u = (x + 0.5) / cols, v = (y + 0.5) / rows (see annotations/geometry.ts),
 * so images of different sizes contribute alike.
 *
 * Confidence (documented here because the UI shows it):
 *   n   = images where the landmark is placed (each image first averaged over its annotators)
 *   μ   = mean of their normalised positions p_i
 *   s²  = (Σ |p_i − μ|² + K·S0²) / (n + K), per axis with K = 1 pseudo-image of spread S0 = 0.05 (5% of the image
 *         side, split equally between the axes): one or two images never claim certainty
 *   e   = s · √(1 + 1/n), the expected RMS error of the mean as a prediction for a new image
 *   confidence = exp(−e / T), T = 0.05: e = 0 → 1; an expected error of 5% of the image side → 0.37
 *   radius (pixels of the target) = √((s_x²·cols² + s_y²·rows²)(1 + 1/n)), about one RMS error radius for drawing
 */

export interface AtlasSample {
  readonly imageId: number;
  readonly landmark: string;
  /** Normalised position (any annotator; several annotators of one image are averaged first). */
  readonly u: number;
  readonly v: number;
}

export interface AtlasEntry {
  readonly landmark: string;
  readonly images: number;
  readonly u: number;
  readonly v: number;
  readonly varU: number;
  readonly varV: number;
}

export const PRIOR_SPREAD = 0.05;
export const PRIOR_WEIGHT = 1;
export const CONFIDENCE_SCALE = 0.05;

export function buildAtlas(samples: readonly AtlasSample[]): Map<string, AtlasEntry> {
  const perImage = new Map<string, Map<number, { u: number; v: number; n: number }>>();
  for (const s of samples) {
    let images = perImage.get(s.landmark);
    if (!images) perImage.set(s.landmark, (images = new Map()));
    const acc = images.get(s.imageId);
    if (acc) {
      acc.u += s.u;
      acc.v += s.v;
      acc.n++;
    } else images.set(s.imageId, { u: s.u, v: s.v, n: 1 });
  }
  const atlas = new Map<string, AtlasEntry>();
  for (const [landmark, images] of perImage) {
    const points = [...images.values()].map((a) => ({ u: a.u / a.n, v: a.v / a.n }));
    const n = points.length;
    const u = points.reduce((acc, p) => acc + p.u, 0) / n;
    const v = points.reduce((acc, p) => acc + p.v, 0) / n;
    const prior = (PRIOR_WEIGHT * PRIOR_SPREAD * PRIOR_SPREAD) / 2;
    const varU = (points.reduce((acc, p) => acc + (p.u - u) ** 2, 0) + prior) / (n + PRIOR_WEIGHT);
    const varV = (points.reduce((acc, p) => acc + (p.v - v) ** 2, 0) + prior) / (n + PRIOR_WEIGHT);
    atlas.set(landmark, { landmark, images: n, u, v, varU, varV });
  }
  return atlas;
}

export function atlasConfidence(entry: AtlasEntry): number {
  const e = Math.sqrt((entry.varU + entry.varV) * (1 + 1 / entry.images));
  return Math.exp(-e / CONFIDENCE_SCALE);
}

/** The atlas placed on a target image of the given original size, in template order; landmarks never placed are left out. */
export function placeAtlas(atlas: ReadonlyMap<string, AtlasEntry>, points: readonly TemplatePoint[], width: number, height: number): SuggestedPoint[] {
  const out: SuggestedPoint[] = [];
  for (const p of points) {
    const e = atlas.get(p.id);
    if (!e) continue;
    // Clamp into the image: a mean of inside points is inside, but keep rounding from ever producing an invalid point.
    const x = Math.min(width - 0.5, Math.max(-0.5, e.u * width - 0.5));
    const y = Math.min(height - 0.5, Math.max(-0.5, e.v * height - 0.5));
    const radius = Math.sqrt((e.varU * width * width + e.varV * height * height) * (1 + 1 / e.images));
    out.push({ landmark: p.id, x, y, confidence: atlasConfidence(e), radius, source: 'atlas' });
  }
  return out;
}
