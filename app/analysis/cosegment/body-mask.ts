/**
 * The patient's body in a radiograph, from the image alone: what co-segmentation uses as saliency instead of
 * DINO's CLS attention (spec §5.2), which the issue rules out — our models are not DINO ViT-S/8 and their heads
 * are not known to attend to the foreground.
 *
 * Tissue is brighter than the air around the patient, but the lungs are as dark as that air and often reach it
 * through narrow gaps (above the shoulders, between neck and clavicles), so neither a threshold nor filling
 * enclosed holes finds them. What is reliable in a frontal chest film is that every row crosses the body from
 * one side of the chest wall to the other: so smooth, keep the largest connected region above the darkest of
 * three Otsu classes, and fill each row between its first and last body pixel. Three classes, not two: a
 * two-class split puts the dim chest wall of a thin patient with the air (dense mediastinum and abdomen against
 * everything else); the darkest of three is the air. Images are MONOCHROME2 (bright = dense) by the time they
 * get here: import already inverted MONOCHROME1.
 * Limit: air enclosed horizontally by the body (above the shoulders beside the neck) counts as body.
 */
import { boxMean, type Grid } from './raster';

/**
 * Otsu's thresholds for three classes over 256 bins between the minimum and maximum: the pair (t1 < t2) that
 * maximises the between-class variance. Returns [t1, t2] as values; a constant input gives its value twice.
 */
export function otsuThresholds3(values: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) return [hi, hi];
  const bins = 256;
  const scale = (bins - 1) / (hi - lo);
  // Cumulative counts and first moments: class [a, b] has count P[b+1] − P[a] and sum S[b+1] − S[a].
  const P = new Float64Array(bins + 1);
  const S = new Float64Array(bins + 1);
  const hist = new Float64Array(bins);
  for (const v of values) hist[Math.round((v - lo) * scale)]!++;
  for (let b = 0; b < bins; b++) {
    P[b + 1] = P[b]! + hist[b]!;
    S[b + 1] = S[b]! + b * hist[b]!;
  }
  const term = (a: number, b: number): number => {
    const n = P[b]! - P[a]!;
    return n > 0 ? (S[b]! - S[a]!) ** 2 / n : 0;
  };
  // Between-class variance up to constants: Σ (class sum)² / (class count).
  let best = -1;
  let cut: [number, number] = [0, 1];
  for (let i = 1; i < bins - 1; i++) {
    const first = term(0, i);
    for (let j = i + 1; j < bins; j++) {
      const v = first + term(i, j) + term(j, bins);
      if (v > best) {
        best = v;
        cut = [i, j];
      }
    }
  }
  // Class boundaries sit between bins cut − 1 and cut.
  return [lo + (cut[0] - 0.5) / scale, lo + (cut[1] - 0.5) / scale];
}

/** The largest 4-connected component of `mask` (ties: the first in raster order), by one labelling pass. */
function largestComponent(mask: Uint8Array, width: number, height: number): Uint8Array {
  const label = new Int32Array(mask.length);
  const queue = new Int32Array(mask.length);
  let best = 0;
  let bestSize = 0;
  let next = 0;
  for (let seed = 0; seed < mask.length; seed++) {
    if (!mask[seed] || label[seed]) continue;
    const id = ++next;
    label[seed] = id;
    queue[0] = seed;
    let tail = 1;
    const visit = (j: number): void => {
      if (mask[j] && !label[j]) {
        label[j] = id;
        queue[tail++] = j;
      }
    };
    for (let head = 0; head < tail; head++) {
      const i = queue[head]!;
      const x = i % width;
      if (x > 0) visit(i - 1);
      if (x < width - 1) visit(i + 1);
      if (i >= width) visit(i - width);
      if (i < (height - 1) * width) visit(i + width);
    }
    if (tail > bestSize) {
      best = id;
      bestSize = tail;
    }
  }
  return Uint8Array.from(label, (l) => (l === best && best !== 0 ? 1 : 0));
}

/** Each row filled between its first and last set cell. */
function fillRows(mask: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    const row = mask.subarray(y * width, (y + 1) * width);
    const first = row.indexOf(1);
    if (first >= 0) out.fill(1, y * width + first, y * width + row.lastIndexOf(1) + 1);
  }
  return out;
}

/**
 * 1 where the patient's body is, on the image's own grid. A constant image (nothing to tell apart) is all body.
 * The smoothing radius is ~1 % of the longer side, so noise and thin bright lines (text, markers) do not count.
 */
export function bodyMask(image: Grid): Uint8Array {
  const { width, height, data } = image;
  const blurR = Math.max(1, Math.round(Math.max(width, height) * 0.01));
  const smooth = boxMean(boxMean(data, width, height, blurR), width, height, blurR);
  const [threshold] = otsuThresholds3(smooth);
  const bright = Uint8Array.from(smooth, (v) => (v > threshold ? 1 : 0));
  if (!bright.includes(1)) return new Uint8Array(width * height).fill(1);
  return fillRows(largestComponent(bright, width, height), width, height);
}
