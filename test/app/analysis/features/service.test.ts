import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logBin } from '../../../../app/analysis/features/log-bin';
import { resizePlane } from '../../../../app/analysis/features/resize';
import { createFeatureService } from '../../../../app/analysis/features/service';
import type { AnalysisImage, FeatureExtractor, FeatureSettings } from '../../../../app/analysis/features/types';
import { vitExtractor } from '../../../../app/analysis/features/vit-extractor';
import { useTempDir } from '../../../helpers/temp-dir';
import { TINY_VIT, maxAbsDiff, randomParams, testPlane } from './tiny-vit';

const tempDir = useTempDir('cxr-feature-cache-');
let base: FeatureExtractor;

beforeAll(async () => {
  await tf.setBackend('cpu');
  base = vitExtractor(randomParams(TINY_VIT, 11), TINY_VIT, { id: 'tiny-11', label: 'tiny', defaults: { layer: -1, facet: 'token', inputSize: 32, stride: 8, logBin: false } });
});
afterAll(() => base.dispose());

/** The real extractor, counting the images each extract call gets. */
function counting(): { extractor: FeatureExtractor; calls: number[] } {
  const calls: number[] = [];
  return { calls, extractor: { ...base, extract: (inputs, s, signal) => (calls.push(inputs.length), base.extract(inputs, s, signal)) } };
}

/** In-memory images of 48×40 px (stretched to the square input), keys img-0, img-1, … */
const images = (n: number): AnalysisImage[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `img-${i}`,
    width: 480,
    height: 400,
    load: async () => {
      const square = testPlane(48, i + 1);
      return { ...square, height: 40, data: square.data.slice(0, 40 * 48) };
    },
  }));

const settings: FeatureSettings = { layer: 0, facet: 'key', inputSize: 32, stride: 4, logBin: false };

const norms = (data: Float32Array, dim: number): number[] => Array.from({ length: data.length / dim }, (_, t) => Math.hypot(...data.subarray(t * dim, (t + 1) * dim)));

describe('feature service', () => {
  it('resizes, extracts, L2-normalises each token and describes the grid in the original frame', async () => {
    const [map] = await createFeatureService().features(base, images(1), settings);
    expect(map).toMatchObject({ rows: 7, cols: 7, dim: 16, patch: 8, stride: 4, inputSize: 32, imageWidth: 480, imageHeight: 400 });
    for (const n of norms(map!.data, 16)) expect(n).toBeCloseTo(1, 5);
    const [raw] = await base.extract([await resizePlane(await images(1)[0]!.load(), 32)], settings);
    const rawNorms = norms(raw!, 16);
    expect(maxAbsDiff(map!.data, raw!.map((v, i) => v / rawNorms[Math.floor(i / 16)]!))).toBeLessThan(1e-6);
  });

  it('log-binning gives 17·D per token, normalised after binning', async () => {
    const [plain] = await createFeatureService().features(base, images(1), settings);
    const [binned] = await createFeatureService().features(base, images(1), { ...settings, logBin: true });
    expect(binned!.dim).toBe(17 * 16);
    const [raw] = await base.extract([await resizePlane(await images(1)[0]!.load(), 32)], settings);
    const want = logBin(raw!, 7, 7, 16);
    const wantNorms = norms(want, 17 * 16);
    expect(maxAbsDiff(binned!.data, want.map((v, i) => v / wantNorms[Math.floor(i / (17 * 16))]!))).toBeLessThan(1e-6);
    expect(plain!.dim).toBe(16);
  });

  it('batches images, reports progress per image, keeps the input order', async () => {
    const { extractor, calls } = counting();
    const progress: string[] = [];
    const maps = await createFeatureService({ batch: 2 }).features(extractor, images(3), settings, { onProgress: (d, t) => progress.push(`${d}/${t}`) });
    expect(calls).toEqual([2, 1]);
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
    const [alone] = await createFeatureService().features(base, [images(3)[2]!], settings);
    expect(maxAbsDiff(maps[2]!.data, alone!.data)).toBeLessThan(1e-6);
  });

  it('caches raw features per (extractor, settings, image) and reads them back instead of extracting', async () => {
    const cacheDir = tempDir();
    const first = await createFeatureService({ cacheDir }).features(base, images(2), settings);
    const folders = fs.readdirSync(cacheDir);
    expect(folders).toHaveLength(1);
    expect(fs.readdirSync(path.join(cacheDir, folders[0]!)).sort()).toEqual(['img-0.bin', 'img-1.bin']);
    const header = fs.readFileSync(path.join(cacheDir, folders[0]!, 'img-0.bin'));
    expect(header.subarray(0, 8).toString()).toBe('CXRFEAT1');
    expect(JSON.parse(header.subarray(12, 12 + header.readUInt32LE(8)).toString())).toEqual({ rows: 7, cols: 7, dim: 16, extractor: 'tiny-11', settings: { layer: 0, facet: 'key', inputSize: 32, stride: 4 } });

    const { extractor, calls } = counting();
    const again = await createFeatureService({ cacheDir }).features(extractor, images(2), settings);
    const binned = await createFeatureService({ cacheDir }).features(extractor, images(2), { ...settings, logBin: true });
    expect(calls).toEqual([]);
    expect(maxAbsDiff(again[1]!.data, first[1]!.data)).toBe(0);
    expect(binned[0]!.dim).toBe(17 * 16);
    // Layer −1 is layer 1 here: the same cache entry; another stride is another.
    await createFeatureService({ cacheDir }).features(extractor, images(1), { ...settings, stride: 8 });
    expect(calls).toEqual([1]);
    expect(fs.readdirSync(cacheDir)).toHaveLength(2);
  });

  it('recomputes a cache file that does not hold the expected grid', async () => {
    const cacheDir = tempDir();
    await createFeatureService({ cacheDir }).features(base, images(1), settings);
    const file = path.join(cacheDir, fs.readdirSync(cacheDir)[0]!, 'img-0.bin');
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 100));
    const { extractor, calls } = counting();
    const [map] = await createFeatureService({ cacheDir }).features(extractor, images(1), settings);
    expect(calls).toEqual([1]);
    expect(map!.rows).toBe(7);
    expect(fs.statSync(file).size).toBeGreaterThan(7 * 7 * 16 * 4);
  });

  it('stops between images when aborted, with an AbortError', async () => {
    const controller = new AbortController();
    const { extractor, calls } = counting();
    const run = createFeatureService({ batch: 1 }).features(extractor, images(4), settings, { signal: controller.signal, onProgress: (d) => d === 2 && controller.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toEqual([1, 1]);
  });

  it('rejects unusable settings before any work, naming the extractor', async () => {
    const { extractor, calls } = counting();
    await expect(createFeatureService().features(extractor, images(1), { ...settings, stride: 3 })).rejects.toThrow('tiny: stride 3 must divide the patch size 8');
    await expect(createFeatureService().features(extractor, images(1), { ...settings, layer: 2 })).rejects.toThrow(/layer 2 is out of range: the model has blocks 0–1/);
    expect(calls).toEqual([]);
    expect(() => createFeatureService({ batch: 0 })).toThrow(/batch 0 must be a positive integer/);
  });
});
