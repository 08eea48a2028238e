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
const map = (img: Plane, f: (v: number) => number): Plane => ({ ...img, data: img.data.map(f) });

/** RandomBrightnessContrast: v·α + β·255 with α = 1 + U(±0.2), β = U(±0.2) (brightness_by_max). */
export const brightnessContrast = (img: Plane, alpha: number, beta: number): Plane => map(img, (v) => clip255(v * alpha + beta * 255));

/** Source indices −r … n−1+r with BORDER_REFLECT_101, shifted by r (tabulated: the filter loop runs per view). */
function reflectTable(n: number, r: number): Int32Array {
  const t = new Int32Array(n + 2 * r);
  for (let i = -r; i < n + r; i++) t[i + r] = n === 1 ? 0 : i < 0 ? -i : i >= n ? 2 * n - 2 - i : i;
  return t;
}

/** OpenCV's k×k filtering (cross-correlation) with BORDER_REFLECT_101, per channel, clipped to [0, 255]. */
function convolve(img: Plane, kernel: Float64Array, k: number): Plane {
  const { height: h, width: w, channels: ch, data: src } = img;
  const r = (k - 1) / 2;
  const rows = reflectTable(h, r);
  const cols = reflectTable(w, r);
  const out = new Float32Array(src.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < ch; c++) {
        let s = 0;
        for (let dy = 0; dy < k; dy++) {
          const row = (rows[y + dy] as number) * w;
          for (let dx = 0; dx < k; dx++) s += (kernel[dy * k + dx] as number) * (src[(row + (cols[x + dx] as number)) * ch + c] as number);
        }
        out[(y * w + x) * ch + c] = clip255(s);
      }
    }
  }
  return { ...img, data: out };
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
  const kernel = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) kernel[i * k + j] = (g[i] ?? 0) * (g[j] ?? 0);
  return convolve(img, kernel, k);
}

/** Sharpen: (1 − α)·identity + α·[[−1,−1,−1],[−1,8+λ,−1],[−1,−1,−1]] (albumentations' kernel). */
export function sharpen(img: Plane, alpha: number, lightness: number): Plane {
  const kernel = new Float64Array(9).fill(-alpha);
  kernel[4] = 1 - alpha + alpha * (8 + lightness);
  return convolve(img, kernel, 3);
}

export function claheAugment(img: Plane, clipLimit: number): Plane {
  if (img.channels !== 1) throw new RangeError('CLAHE augmentation expects a grey plane');
  const u8 = Uint8Array.from(img.data, (v) => Math.round(clip255(v)));
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
