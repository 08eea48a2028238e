/**
 * Window/level for the viewer, on the cached working-resolution pixels.
 *
 * Units. The host caches each image as unsigned integers v in [0, maxValue] with maxValue = 2^bits − 1, linearly
 * mapped from modality values m in [lo, hi] (`x-cxr-modality-lo/hi`). MONOCHROME1 images are inverted in the cache
 * (app/imaging/pixels/render.ts: y = yMax − linear), so that bone is bright:
 *   not inverted: m = lo + v / maxValue · (hi − lo)
 *   inverted:     m = hi − v / maxValue · (hi − lo)
 * Windows are applied in cache units; the numbers shown to the user are in modality units, as PACS show them.
 *
 * Window function: linear over [center − width/2, center + width/2] (DICOM's LINEAR_EXACT), 8-bit output.
 */

export interface Window {
  readonly center: number;
  readonly width: number;
}

/** How cache values relate to modality values; the pixel response headers carry it. */
export interface CacheUnits {
  readonly bits: 8 | 16;
  readonly lo: number;
  readonly hi: number;
  readonly inverted: boolean;
}

export function maxValueOf(bits: 8 | 16): number {
  return bits === 16 ? 65535 : 255;
}

/** The smallest window width allowed, in cache units: one step of the cache. */
export const MIN_WIDTH = 1;

function span(units: CacheUnits): number {
  // A constant image (lo === hi) still needs a non-zero scale to invert.
  return units.hi - units.lo || 1;
}

export function modalityToCache(m: number, units: CacheUnits): number {
  const t = (m - units.lo) / span(units);
  return (units.inverted ? 1 - t : t) * maxValueOf(units.bits);
}

export function cacheToModality(v: number, units: CacheUnits): number {
  const t = v / maxValueOf(units.bits);
  return units.inverted ? units.hi - t * span(units) : units.lo + t * span(units);
}

/** A window given in modality units (the file's VOI) → cache units. Width is a length, so only scaled. */
export function windowToCache(w: Window, units: CacheUnits): Window {
  return {
    center: modalityToCache(w.center, units),
    width: Math.max(MIN_WIDTH, (w.width / span(units)) * maxValueOf(units.bits)),
  };
}

export function windowToModality(w: Window, units: CacheUnits): Window {
  return { center: cacheToModality(w.center, units), width: (w.width / maxValueOf(units.bits)) * span(units) };
}

/** Full range of the cache: 0 → black, maxValue → white. */
export function fullRangeWindow(bits: 8 | 16): Window {
  const max = maxValueOf(bits);
  return { center: max / 2, width: max };
}

/**
 * The lookup table from cache value to 8-bit gray for one window: y = 255 · (v − (c − w/2)) / w, rounded and clamped
 * to [0, 255]; `invert` flips the output (y → 255 − y). One entry per possible cache value.
 */
export function buildLut(window: Window, bits: 8 | 16, invert = false): Uint8Array {
  const size = maxValueOf(bits) + 1;
  const lut = new Uint8Array(size);
  const width = Math.max(MIN_WIDTH, window.width);
  const lower = window.center - width / 2;
  for (let v = 0; v < size; v++) {
    const y = Math.round(((v - lower) * 255) / width);
    const clamped = y < 0 ? 0 : y > 255 ? 255 : y;
    lut[v] = invert ? 255 - clamped : clamped;
  }
  return lut;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The LUT as opaque gray RGBA words, so applying it writes one 32-bit value per pixel (about 3× faster). */
export function rgbaLut(lut: Uint8Array): Uint32Array {
  const out = new Uint32Array(lut.length);
  for (let v = 0; v < lut.length; v++) {
    const g = lut[v]!;
    out[v] = littleEndian ? ((0xff << 24) | (g << 16) | (g << 8) | g) >>> 0 : ((g << 24) | (g << 16) | (g << 8) | 0xff) >>> 0;
  }
  return out;
}

/** Applies an RGBA LUT to the samples; `out` views the ImageData's bytes as 32-bit words. */
export function applyRgbaLut(samples: Uint8Array | Uint16Array, lut: Uint32Array, out: Uint32Array): void {
  for (let i = 0; i < samples.length; i++) out[i] = lut[samples[i]!]!;
}

/** Applies a LUT to the samples, writing opaque gray RGBA into `out` (length 4 · samples.length). */
export function applyLut(samples: Uint8Array | Uint16Array, lut: Uint8Array, out: Uint8ClampedArray): void {
  for (let i = 0, j = 0; i < samples.length; i++, j += 4) {
    const g = lut[samples[i]!]!;
    out[j] = g;
    out[j + 1] = g;
    out[j + 2] = g;
    out[j + 3] = 255;
  }
}

/**
 * Drag to window, as in PACS: right widens the window (less contrast), down raises the level (darker image).
 * The sensitivity scales with the cache range, so a drag across ~500 px sweeps the whole range on any bit depth.
 */
export function dragWindow(start: Window, dx: number, dy: number, bits: 8 | 16): Window {
  const perPixel = maxValueOf(bits) / 500;
  return { center: start.center + dy * perPixel, width: Math.max(MIN_WIDTH, start.width + dx * perPixel) };
}

/** Histogram of the cache values: one bin per possible value. */
export function histogram(samples: Uint8Array | Uint16Array, bits: 8 | 16): Uint32Array {
  const bins = new Uint32Array(maxValueOf(bits) + 1);
  for (let i = 0; i < samples.length; i++) bins[samples[i]!]!++;
  return bins;
}

/**
 * The value below which `p` (0..1) of the counted samples lie: the smallest v with cumulative count ≥ p · total.
 * Bins outside [from, to] are not counted.
 */
export function percentile(bins: Uint32Array, p: number, from = 0, to = bins.length - 1): number {
  let total = 0;
  for (let v = from; v <= to; v++) total += bins[v]!;
  if (total === 0) return from;
  const target = Math.max(1, Math.ceil(Math.min(1, Math.max(0, p)) * total));
  let cumulative = 0;
  for (let v = from; v <= to; v++) {
    cumulative += bins[v]!;
    if (cumulative >= target) return v;
  }
  return to;
}

export type PresetName = 'default' | 'full' | 'lung' | 'bone';

export const PRESET_LABELS: Record<PresetName, string> = { default: 'Default', full: 'Full range', lung: 'Lung', bone: 'Bone' };

/**
 * Lung and bone windows for radiographs, which have no calibrated units (unlike CT's Hounsfield windows), so both come
 * from the image's own histogram, ignoring the pure-black and pure-white values (padding, collimation, burnt-in
 * labels) unless nothing else is left:
 *   Lung: from the 2nd to the 65th percentile. Aerated lung is the darker part of a chest film; stretching the lower
 *         two thirds of the values over the full gray scale shows vessels and parenchyma, and saturates bone/mediastinum.
 *   Bone: from the 35th to the 99.5th percentile. Ribs, clavicles, spine and mediastinum are the brighter part; the
 *         darkest third (lungs, background) goes black.
 */
export const LUNG_PERCENTILES = [0.02, 0.65] as const;
export const BONE_PERCENTILES = [0.35, 0.995] as const;

export function windowFromPercentiles(bins: Uint32Array, lowP: number, highP: number): Window {
  const last = bins.length - 1;
  let inner = 0;
  for (let v = 1; v < last; v++) inner += bins[v]!;
  const [from, to] = inner > 0 ? [1, last - 1] : [0, last];
  const low = percentile(bins, lowP, from, to);
  const high = percentile(bins, highP, from, to);
  const width = Math.max(MIN_WIDTH, high - low);
  return { center: low + width / 2, width };
}

export interface PresetInputs {
  readonly units: CacheUnits;
  readonly bins: Uint32Array;
  /** The file's first VOI window in modality units, when it has one. */
  readonly fileWindow: Window | null;
  /** True when the cache already holds the display rendering (8-bit datasets): the file's VOI is baked in. */
  readonly voiApplied: boolean;
}

/** The window of a preset, in cache units. "Default" is the file's VOI, or the full range when there is none. */
export function presetWindow(name: PresetName, input: PresetInputs): Window {
  switch (name) {
    case 'default':
      return input.fileWindow && !input.voiApplied ? windowToCache(input.fileWindow, input.units) : fullRangeWindow(input.units.bits);
    case 'full':
      return fullRangeWindow(input.units.bits);
    case 'lung':
      return windowFromPercentiles(input.bins, LUNG_PERCENTILES[0], LUNG_PERCENTILES[1]);
    case 'bone':
      return windowFromPercentiles(input.bins, BONE_PERCENTILES[0], BONE_PERCENTILES[1]);
  }
}

/** Rounds a displayed value to a precision that suits the range: integers for wide ranges, decimals for narrow ones. */
export function formatUnits(value: number, range: number): string {
  const digits = range >= 100 ? 0 : range >= 10 ? 1 : range >= 1 ? 2 : 3;
  const text = value.toFixed(digits);
  return text === '-0' ? '0' : text;
}
