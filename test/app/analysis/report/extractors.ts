import type { AnalysisImage, FeatureExtractor, FeatureSettings } from '../../../../app/analysis/features/types';
import type { Plane } from '../../../../app/ssl/geometry/image';

/**
 * Closed-form extractors for tests: each maps a stride = patch grid of p×p tokens of the input to a feature by a
 * rule simple enough to predict the pooled result by hand.
 */
function tokenExtractor(name: string, patch: number, dim: number, feature: (pixels: Float32Array, out: Float32Array) => void): FeatureExtractor {
  const defaults: FeatureSettings = { layer: -1, facet: 'token', inputSize: 4 * patch, stride: patch, logBin: false };
  return {
    id: `test-${name}-${patch}`,
    label: `test ${name}`,
    patchSize: patch,
    depth: 0,
    defaults,
    async extract(inputs, settings) {
      return inputs.map((img) => {
        const side = (settings.inputSize - patch) / settings.stride + 1;
        const out = new Float32Array(side * side * dim);
        const pixels = new Float32Array(patch * patch);
        for (let r = 0; r < side; r++) {
          for (let c = 0; c < side; c++) {
            for (let y = 0; y < patch; y++) for (let x = 0; x < patch; x++) pixels[y * patch + x] = img.data[(r * settings.stride + y) * img.width + c * settings.stride + x] ?? 0;
            feature(pixels, out.subarray((r * side + c) * dim, (r * side + c + 1) * dim));
          }
        }
        return out;
      });
    },
    dispose() {},
  };
}

/** Token feature = its p² pixels (the identity-like "raw pixels" baseline). */
export const pixelExtractor = (patch: number): FeatureExtractor => tokenExtractor('pixels', patch, patch * patch, (px, out) => out.set(px));

/** Token feature = one-hot of the bin (of `bins` equal bins over 0–256) its mean intensity falls in: pooled = histogram. */
export const histogramExtractor = (patch: number, bins: number): FeatureExtractor =>
  tokenExtractor('histogram', patch, bins, (px, out) => {
    const mean = px.reduce((s, v) => s + v, 0) / px.length;
    out[Math.min(bins - 1, Math.floor((mean / 256) * bins))] = 1;
  });

export function constantPlane(side: number, value: number): Plane {
  return { height: side, width: side, channels: 1, data: new Float32Array(side * side).fill(value) };
}

export function memoryImage(key: string, plane: Plane, frame?: { width: number; height: number }): AnalysisImage {
  return { key, width: frame?.width ?? plane.width, height: frame?.height ?? plane.height, load: async () => plane };
}
