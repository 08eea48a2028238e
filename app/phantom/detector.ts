/**
 * From attenuation to pixels: what the X-ray detector and the CR/DR processing do.
 *
 *  1. resample the patient-aligned frame into the (rotated) image — bilinear;
 *  2. unsharpness (focal spot, scintillator): separable Gaussian blur;
 *  3. quantum noise: N0·e^(−μA) photons reach a pixel, so after taking the log the noise
 *     has sd = sqrt(e^(μA) / N0) — more noise behind dense tissue, as on real films;
 *  4. log-domain "for processing" values: stored = offset + gain·μA, clipped to the
 *     detector's bits (default 12), so bone and mediastinum are bright and lungs dark
 *     (MONOCHROME2);
 *  5. an 8-bit display rendering: a linear VOI window between robust percentiles.
 * All loops run over typed arrays without allocation per pixel.
 */
import { imageToFrame, type FrameGrid, type Placement } from './placement';
import { MULBERRY_INC, normalQuantileTable } from './prng';

/** Bilinear resampling of the frame into a width×height image through the placement's rotation. */
export function resampleToImage(frame: Float32Array, grid: FrameGrid, pl: Placement): Float32Array {
  const W = pl.width;
  const H = pl.height;
  const FW = grid.width;
  const FH = grid.height;
  const out = new Float32Array(W * H);
  // Frame position moves linearly along an image row: start + i·(cos, −sin).
  const stepA = pl.cos;
  const stepB = -pl.sin;
  for (let j = 0; j < H; j++) {
    const s = imageToFrame(pl, 0, j);
    let fa = s.p - grid.p0;
    let fb = s.q - grid.q0;
    const row = j * W;
    for (let i = 0; i < W; i++, fa += stepA, fb += stepB) {
      let a = Math.floor(fa);
      let b = Math.floor(fb);
      let ta = fa - a;
      let tb = fb - b;
      // The grid has an apron, so clamping only matters for rounding at the very edge.
      if (a < 0) { a = 0; ta = 0; } else if (a > FW - 2) { a = FW - 2; ta = 1; }
      if (b < 0) { b = 0; tb = 0; } else if (b > FH - 2) { b = FH - 2; tb = 1; }
      const k = b * FW + a;
      const v00 = frame[k]!;
      const v01 = frame[k + 1]!;
      const v10 = frame[k + FW]!;
      const v11 = frame[k + FW + 1]!;
      const top = v00 + (v01 - v00) * ta;
      const bot = v10 + (v11 - v10) * ta;
      out[row + i] = top + (bot - top) * tb;
    }
  }
  return out;
}

function gaussianKernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) {
    const w = Math.exp((-i * i) / (2 * sigma * sigma));
    k[i + r] = w;
    sum += w;
  }
  for (let i = 0; i < k.length; i++) k[i] = (k[i] ?? 0) / sum;
  return k;
}

/**
 * Separable Gaussian blur in place (edges clamp). Both passes walk memory contiguously:
 * the vertical pass accumulates whole rows, which is several times faster than walking
 * down columns.
 */
export function gaussianBlur(img: Float32Array, W: number, H: number, sigma: number): void {
  if (!(sigma > 0.05)) return;
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) >> 1;
  const taps = k.length;
  const line = new Float32Array(W + 2 * r);
  // Horizontal pass, one padded row at a time.
  for (let j = 0; j < H; j++) {
    const row = j * W;
    const first = img[row]!;
    const last = img[row + W - 1]!;
    for (let i = 0; i < r; i++) {
      line[i] = first;
      line[r + W + i] = last;
    }
    line.set(img.subarray(row, row + W), r);
    for (let i = 0; i < W; i++) {
      let acc = 0;
      for (let t = 0; t < taps; t++) acc += k[t]! * line[i + t]!;
      img[row + i] = acc;
    }
  }
  // Vertical pass from a copy, accumulating rows.
  const src = img.slice();
  for (let j = 0; j < H; j++) {
    const row = j * W;
    img.fill(0, row, row + W);
    for (let t = 0; t < taps; t++) {
      let jj = j + t - r;
      jj = jj < 0 ? 0 : jj >= H ? H - 1 : jj;
      const w = k[t]!;
      const srow = jj * W;
      for (let i = 0; i < W; i++) img[row + i] = img[row + i]! + w * src[srow + i]!;
    }
  }
}

export interface DetectorSettings {
  mu: number;
  photons: number;
  offset: number;
  gain: number;
  /** Largest stored value, 2^bitsStored − 1. */
  maxValue: number;
  noiseSeed: number;
}

/**
 * Attenuation (cm) → stored values with quantum noise. The noise sd depends only on the
 * noise-free value, so it comes from a per-value table instead of an `exp` per pixel;
 * the normal variate comes from a fixed quantile table indexed by 16 bits of mulberry32
 * (see prng.ts).
 */
export function exposeAndStore(att: Float32Array, s: DetectorSettings): Uint16Array {
  const n = att.length;
  const out = new Uint16Array(n);
  const table = normalQuantileTable();
  const maxV = s.maxValue;
  const offset = s.offset;
  const gain = s.gain;
  const muGain = s.mu * gain;
  // sd in stored units at noise-free value k: gain·sqrt(e^L / N0), L = (k − offset) / gain.
  const sd = new Float32Array(maxV + 1);
  for (let k = 0; k <= maxV; k++) {
    const L = Math.max(0, (k - offset) / gain);
    sd[k] = gain * Math.sqrt(Math.exp(L) / s.photons);
  }
  let state = s.noiseSeed | 0;
  for (let i = 0; i < n; i++) {
    const clean = offset + muGain * att[i]!;
    const ci = clean < 0 ? 0 : clean > maxV ? maxV : clean | 0;
    state = (state + MULBERRY_INC) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const z = table[((t ^ (t >>> 14)) >>> 16) & 0xffff]!;
    const val = Math.round(clean + sd[ci]! * z);
    out[i] = val < 0 ? 0 : val > maxV ? maxV : val;
  }
  return out;
}

/** Window bounds at the given lower/upper percentiles of the stored values. */
export function percentileWindow(px: Uint16Array, maxValue: number, lowFrac: number, highFrac: number): { low: number; high: number } {
  const hist = new Uint32Array(maxValue + 1);
  for (let i = 0; i < px.length; i++) {
    const k = px[i] ?? 0;
    hist[k] = (hist[k] ?? 0) + 1;
  }
  const lowCount = lowFrac * px.length;
  const highCount = highFrac * px.length;
  let acc = 0;
  let low = 0;
  let high = maxValue;
  let lowSet = false;
  for (let k = 0; k <= maxValue; k++) {
    acc += hist[k] ?? 0;
    if (!lowSet && acc >= lowCount) {
      low = k;
      lowSet = true;
    }
    if (acc >= highCount) {
      high = k;
      break;
    }
  }
  if (high <= low) high = low + 1;
  return { low, high };
}

/**
 * VOI window to 8 bits through a lookup table (one table read per pixel). Within the
 * window the curve is 1 − (1 − n)^1.3, like the shoulder of a film's characteristic
 * curve: it lifts the lungs to mid-grey and compresses the dense mediastinum and abdomen,
 * which is how processed chest radiographs look.
 */
export function windowTo8(px: Uint16Array, maxValue: number, low: number, high: number): Uint8Array {
  const lut = new Uint8Array(maxValue + 1);
  const inv = 1 / (high - low);
  for (let k = 0; k <= maxValue; k++) {
    const n = (k - low) * inv;
    const c = n <= 0 ? 0 : n >= 1 ? 1 : 1 - Math.pow(1 - n, 1.3);
    lut[k] = Math.round(255 * c);
  }
  const out = new Uint8Array(px.length);
  for (let i = 0; i < px.length; i++) out[i] = lut[px[i]!]!;
  return out;
}
