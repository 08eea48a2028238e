import type { Plane } from '../geometry/image';
import type { Rng } from '../rng';
import { clahe } from './clahe';

/**
 * ACE's per-view augmentations (spec §1.4, albumentations defaults) on 8-bit-range planes, applied in
 * the published order, each with its own probability; every draw comes from the caller's seeded RNG.
 * Values are clipped to [0, 255] after each op as albumentations does on uint8 input; they are rounded
 * only for CLAHE, whose histograms need integers.
 */
export interface AugmentProbs {
  readonly brightnessContrast: number;
  readonly blur: number;
  readonly sharpen: number;
  readonly clahe: number;
}

export const ACE_AUGMENT: AugmentProbs = { brightnessContrast: 0.5, blur: 0.5, sharpen: 0.3, clahe: 0.3 };
export const NO_AUGMENT: AugmentProbs = { brightnessContrast: 0, blur: 0, sharpen: 0, clahe: 0 };

const clip255 = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);
/** RandomBrightnessContrast: v·α + β·255 with α = 1 + U(±0.2), β = U(±0.2) (brightness_by_max). */
export function brightnessContrast(img: Plane, alpha: number, beta: number): Plane {
  const data = new Float32Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = clip255((img.data[i] as number) * alpha + beta * 255);
  return { ...img, data };
}

/** Source indices −r … n−1+r with BORDER_REFLECT_101, shifted by r (tabulated: the filter loop runs per view). */
function reflectTable(n: number, r: number): Int32Array {
  const t = new Int32Array(n + 2 * r);
  for (let i = -r; i < n + r; i++) t[i + r] = n === 1 ? 0 : i < 0 ? -i : i >= n ? 2 * n - 2 - i : i;
  return t;
}

/**
 * OpenCV's filtering (cross-correlation) with BORDER_REFLECT_101 by a separable kernel kyᵀ·kx, per channel,
 * unclipped, in float64: a row pass then a column pass, k + k taps per pixel instead of k² (the batch worker
 * runs this per view, a step ahead, on the core the training step also wants). Each pass adds one tap at a
 * time over a whole row (the same sums, in the same order, as tap by tap per pixel, in flat loops ~3× faster);
 * only the border pixels of the row pass look up the reflection.
 */
function separableFilter(img: Plane, kx: readonly number[], ky: readonly number[]): Float64Array {
  const { height: h, width: w, channels: ch, data: src } = img;
  const rx = (kx.length - 1) / 2;
  const cols = reflectTable(w, rx);
  const rows = reflectTable(h, (ky.length - 1) / 2);
  const stride = w * ch;
  const across = new Float64Array(h * stride);
  // Interior values [lo, hi) of a row read their taps at fixed offsets; the rest go through the table.
  const lo = Math.min(rx, w) * ch;
  const hi = Math.max(lo, (w - rx) * ch);
  for (let y = 0; y < h; y++) {
    const row = y * stride;
    for (let d = 0; d < kx.length; d++) {
      const k = kx[d] as number;
      const shift = (d - rx) * ch;
      for (let i = row + lo; i < row + hi; i++) across[i] = (across[i] as number) + k * (src[i + shift] as number);
    }
    for (let x = 0; x < w; x++) {
      if (x * ch >= lo && x * ch < hi) continue;
      for (let c = 0; c < ch; c++) {
        let s = 0;
        for (let d = 0; d < kx.length; d++) s += (kx[d] as number) * (src[row + (cols[x + d] as number) * ch + c] as number);
        across[row + x * ch + c] = s;
      }
    }
  }
  const out = new Float64Array(h * stride);
  for (let y = 0; y < h; y++) {
    const to = y * stride;
    for (let d = 0; d < ky.length; d++) {
      const k = ky[d] as number;
      const from = (rows[y + d] as number) * stride;
      for (let i = 0; i < stride; i++) out[to + i] = (out[to + i] as number) + k * (across[from + i] as number);
    }
  }
  return out;
}

// Loops rather than TypedArray.from(…, map): a mapped from() runs ~10× slower on these per-view planes.
function clipped(img: Plane, values: Float64Array): Plane {
  const data = new Float32Array(values.length);
  for (let i = 0; i < data.length; i++) data[i] = clip255(values[i] as number);
  return { ...img, data };
}

/**
 * GaussianBlur with sigma 0 (albumentations' default), i.e. cv2.GaussianBlur, which for k ≤ 7 and σ ≤ 0 uses
 * its fixed binomial kernels rather than a sampled Gaussian.
 */
const BINOMIAL: Record<number, readonly number[]> = {
  3: [0.25, 0.5, 0.25],
  5: [0.0625, 0.25, 0.375, 0.25, 0.0625],
  7: [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125],
};

export function gaussianBlur(img: Plane, k: 3 | 5 | 7): Plane {
  const g = BINOMIAL[k] ?? [];
  return clipped(img, separableFilter(img, g, g));
}

/**
 * Sharpen: (1 − α)·identity + α·[[−1,−1,−1],[−1,8+λ,−1],[−1,−1,−1]] (albumentations' kernel), i.e.
 * (1 + α(8 + λ))·v − α·(3×3 box sum of v).
 */
export function sharpen(img: Plane, alpha: number, lightness: number): Plane {
  const box = separableFilter(img, [1, 1, 1], [1, 1, 1]);
  const centre = 1 + alpha * (8 + lightness);
  for (let i = 0; i < box.length; i++) box[i] = centre * (img.data[i] as number) - alpha * (box[i] as number);
  return clipped(img, box);
}

export function claheAugment(img: Plane, clipLimit: number): Plane {
  if (img.channels !== 1) throw new RangeError('CLAHE augmentation expects a grey plane');
  const u8 = new Uint8Array(img.data.length);
  for (let i = 0; i < u8.length; i++) u8[i] = Math.round(clip255(img.data[i] as number));
  return { ...img, data: Float32Array.from(clahe(u8, img.height, img.width, clipLimit)) };
}

const uniform = (rng: Rng, lo: number, hi: number): number => lo + rng.float() * (hi - lo);

/** One view's random augmentation. Each op draws its gate first, then its parameters only when applied. */
export function augmentView(img: Plane, rng: Rng, p: AugmentProbs = ACE_AUGMENT): Plane {
  let out = img;
  if (rng.float() < p.brightnessContrast) out = brightnessContrast(out, 1 + uniform(rng, -0.2, 0.2), uniform(rng, -0.2, 0.2));
  if (rng.float() < p.blur) out = gaussianBlur(out, ([3, 5, 7] as const)[rng.int(0, 2)] ?? 3);
  if (rng.float() < p.sharpen) out = sharpen(out, uniform(rng, 0.2, 0.5), uniform(rng, 0.5, 1));
  if (rng.float() < p.clahe) out = claheAugment(out, uniform(rng, 1, 4));
  return out;
}
