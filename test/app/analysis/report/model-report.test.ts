import { describe, expect, it } from 'vitest';
import { compositionality } from '../../../../app/analysis/report/compositionality';
import { modelReport } from '../../../../app/analysis/report/model-report';
import { pooledFeatures, pooledSettings } from '../../../../app/analysis/report/pooled-feature';
import type { Plane } from '../../../../app/ssl/geometry/image';
import { createRng } from '../../../../app/ssl/rng';
import { constantPlane, histogramExtractor, memoryImage, pixelExtractor } from './extractors';

function noisePlane(side: number, seed: number): Plane {
  const rng = createRng(seed);
  return { height: side, width: side, channels: 1, data: Float32Array.from({ length: side * side }, () => 255 * rng.float()) };
}

const small = { inputSize: 16, compositionalityPatches: 6, batchSize: 4, batches: 2 };

describe('pooled features', () => {
  it('are the mean of the unit-length tokens of the last block at stride = patch', async () => {
    const extractor = pixelExtractor(2);
    const settings = pooledSettings(extractor, 4);
    expect(settings).toEqual({ layer: -1, facet: 'token', inputSize: 4, stride: 2, logBin: false });
    // Tokens (3, 4, 0, 0) and (0, 0, 0, 2) become (0.6, 0.8, 0, 0) and (0, 0, 0, 1); the two black tokens stay 0.
    const img: Plane = { height: 4, width: 4, channels: 1, data: Float32Array.from([3, 4, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]) };
    const [f] = await pooledFeatures(extractor, [img], settings);
    expect([...f!].map((v) => v.toFixed(6))).toEqual(['0.150000', '0.200000', '0.000000', '0.250000']);
    await expect(pooledFeatures(extractor, [constantPlane(8, 1)], settings)).rejects.toThrow(/8×8, not the 4²/);
  });
});

describe('compositionality', () => {
  it('is exactly 1 on a constant image: every patch and sub-patch has the same feature', async () => {
    const extractor = pixelExtractor(4);
    const result = await compositionality(extractor, [memoryImage('c', constantPlane(64, 90))], pooledSettings(extractor, 16), createRng(0), {
      patches: 7,
      side: [0.25, 0.5],
    });
    expect(result.values).toHaveLength(7);
    for (const v of result.values) expect(v).toBeCloseTo(1, 6);
    expect(result.mean).toBeCloseTo(1, 6);
    expect(result.std).toBeCloseTo(0, 6);
  });

  it('is below 1 on noise, where a patch and the mean of its quarters differ', async () => {
    const extractor = pixelExtractor(4);
    const result = await compositionality(extractor, [memoryImage('n', noisePlane(64, 1))], pooledSettings(extractor, 16), createRng(0), { patches: 5, side: [0.5, 0.5] });
    for (const v of result.values) {
      expect(v).toBeLessThan(0.9999);
      expect(v).toBeGreaterThan(0);
    }
  });
});

describe('model report', () => {
  // Constant images of distinct intensities, none in the first bin (where black goes): with histogram features
  // f(X_j) = e_b(j) and f(C_j) = e_b(j), so retrieval scores δ_ij; excising C_j moves mass from bin b(j) to darker
  // bins, so f(X_j) − f(X_j−excised) is positive only on b(j) and its cosine with C_i is > 0 only for i = j.
  const levels = [24, 56, 88, 120, 152, 184, 216, 248];
  const constants = levels.map((v, i) => memoryImage(`k${i}`, constantPlane(48, v)));

  it('scores 100 % decompositionality and retrieval where the answer is unambiguous by construction', async () => {
    const report = await modelReport(histogramExtractor(4, 16), constants, small);
    expect(report.metrics.retrievalTop1).toBe(1);
    expect(report.metrics.decompositionalityAccuracy).toBe(1);
    expect(report.metrics.queries).toBe(8);
    expect(report.metrics.compositionality?.mean).toBeCloseTo(1, 6);
    expect(report.settings).toMatchObject({ batches: 2, batchSize: 4, images: 8, compositionalityPatches: 6, feature: { inputSize: 16, stride: 4 } });
    expect(report.extractorId).toBe('test-histogram-4');
  });

  it('misses when every image looks the same: ties go to the first image of each batch', async () => {
    const same = levels.map((_, i) => memoryImage(`s${i}`, constantPlane(48, 120)));
    const report = await modelReport(histogramExtractor(4, 16), same, { ...small, compositionalityPatches: 0 });
    expect(report.metrics.retrievalTop1).toBe(2 / 8);
    expect(report.metrics.decompositionalityAccuracy).toBe(2 / 8);
    expect(report.metrics.compositionality).toBeNull();
  });

  it('is reproducible from its seed, reports progress to the planned total, and stores the landmark summary', async () => {
    const noise = Array.from({ length: 6 }, (_, i) => memoryImage(`n${i}`, noisePlane(40, i)));
    const summary = { meanPx: 40, medianPx: 35, pck25: 0.2, pck50: 0.6, pck100: 0.9, pairs: 12 };
    const progress: [number, number, string][] = [];
    const run = (seed: number) =>
      modelReport(pixelExtractor(4), noise, { ...small, seed, landmarks: async () => summary, onProgress: (d, t, s) => progress.push([d, t, s]) });
    const a = await run(1);
    const b = await run(1);
    const c = await run(2);
    const strip = (r: typeof a) => ({ ...r.metrics, timingsMs: null });
    expect(strip(b)).toEqual(strip(a));
    expect(c.metrics.compositionality?.values).not.toEqual(a.metrics.compositionality?.values);
    expect(a.metrics.landmarks).toEqual(summary);
    // 6 images give one whole batch of 4 (the other 2 are unused): 5·6 + 3·4 extractions.
    expect(a.metrics.queries).toBe(4);
    const last = progress[progress.length - 1]!;
    expect(last[0]).toBe(42);
    expect(last[1]).toBe(42);
    expect(last[2]).toBe('landmarks');
  });

  it('uses all images as one smaller batch when there are fewer than a batch, and none for a single image', async () => {
    const three = await modelReport(histogramExtractor(4, 16), constants.slice(0, 3), { ...small, batchSize: 32, compositionalityPatches: 1 });
    expect(three.metrics.queries).toBe(3);
    expect(three.metrics.retrievalTop1).toBe(1);
    const one = await modelReport(histogramExtractor(4, 16), constants.slice(0, 1), { ...small, compositionalityPatches: 1 });
    expect(one.metrics.retrievalTop1).toBeNull();
    expect(one.metrics.decompositionalityAccuracy).toBeNull();
    expect(one.metrics.compositionality).not.toBeNull();
  });

  it('stops when cancelled and rejects settings the extractor cannot run', async () => {
    const controller = new AbortController();
    const pending = modelReport(pixelExtractor(4), constants, { ...small, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(modelReport(pixelExtractor(4), constants, { ...small, inputSize: 18 })).rejects.toThrow(/model report for test pixels: input size 18/);
  });
});
