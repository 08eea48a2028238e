import type { Window } from '../../ssl/data/resample';
import { cropPlane, type Plane } from '../../ssl/geometry/image';
import { normaliseRows } from '../features/normalise';
import { resizePlane } from '../features/resize';
import { gridSide } from '../features/settings';
import type { FeatureExtractor, FeatureSettings } from '../features/types';
import { meanRows } from './vectors';

/**
 * f(·) of spec §6 and §5.3, "mean-pooled final tokens": the last block's output tokens at stride = patch, each
 * token L2-normalised (the FeatureMap convention, so every token weighs the same), then averaged. Our extractors
 * hand out patch tokens only, so unlike PEAC's tsne.py (timm forward_features) the CLS token is not in the mean.
 */
export function pooledSettings(extractor: FeatureExtractor, inputSize: number): FeatureSettings {
  return { layer: -1, facet: 'token', inputSize, stride: extractor.patchSize, logBin: false };
}

export const wholeWindow = (img: Plane): Window => ({ top: 0, left: 0, height: img.height, width: img.width });

/**
 * A window of `img` (fractional px are rounded to the pixel lattice, at least one pixel) stretched to the square
 * network input with the feature service's resize (lanczos3: the 2–5× reductions here would alias with a
 * 2-tap filter), optionally mirrored left–right.
 */
export async function inputFromWindow(img: Plane, win: Window, inputSize: number, mirror = false): Promise<Plane> {
  const rowStart = Math.min(img.height - 1, Math.max(0, Math.round(win.top)));
  const colStart = Math.min(img.width - 1, Math.max(0, Math.round(win.left)));
  const rowEnd = Math.max(rowStart + 1, Math.min(img.height, Math.round(win.top + win.height)));
  const colEnd = Math.max(colStart + 1, Math.min(img.width, Math.round(win.left + win.width)));
  const whole = rowStart === 0 && colStart === 0 && rowEnd === img.height && colEnd === img.width;
  const input = await resizePlane(whole ? img : cropPlane(img, { rowStart, rowEnd, colStart, colEnd }), inputSize);
  return mirror ? mirrorPlane(input) : input;
}

/** Left–right mirror image. */
export function mirrorPlane(img: Plane): Plane {
  const { width, channels } = img;
  const data = new Float32Array(img.data.length);
  const rowLen = width * channels;
  for (let r = 0; r < img.height; r++) {
    for (let c = 0; c < width; c++) {
      const src = r * rowLen + c * channels;
      data.set(img.data.subarray(src, src + channels), r * rowLen + (width - 1 - c) * channels);
    }
  }
  return { ...img, data };
}

export interface PooledOptions {
  /** Inputs per extractor call. */
  readonly batch?: number;
  readonly signal?: AbortSignal;
  /** Called after each extractor call with the number of inputs it took. */
  readonly onExtracted?: (count: number) => void;
}

/**
 * One pooled feature per input (already settings.inputSize², grey, 0–255), computed straight from the
 * extractor: these inputs are synthetic crops that must not fill the feature cache.
 */
export async function pooledFeatures(extractor: FeatureExtractor, inputs: readonly Plane[], settings: FeatureSettings, options: PooledOptions = {}): Promise<Float32Array[]> {
  const batch = options.batch ?? 8;
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`pooled features: batch ${batch} must be a positive integer`);
  for (const p of inputs) {
    if (p.height !== settings.inputSize || p.width !== settings.inputSize) {
      throw new RangeError(`pooled features: an input is ${p.height}×${p.width}, not the ${settings.inputSize}² the settings ask for`);
    }
  }
  const side = gridSide(settings.inputSize, extractor.patchSize, settings.stride);
  const out: Float32Array[] = [];
  for (let start = 0; start < inputs.length; start += batch) {
    options.signal?.throwIfAborted();
    const chunk = inputs.slice(start, start + batch);
    const raw = await extractor.extract(chunk, settings, options.signal);
    for (const r of raw) {
      const dim = r.length / (side * side);
      out.push(meanRows(normaliseRows(r, dim), dim));
    }
    options.onExtracted?.(chunk.length);
  }
  return out;
}
