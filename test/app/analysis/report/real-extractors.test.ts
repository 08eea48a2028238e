import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { landmarkEmbedding } from '../../../../app/analysis/embeddings/landmark-embedding';
import { pixelsExtractor } from '../../../../app/analysis/features/pixels-extractor';
import { vitExtractor } from '../../../../app/analysis/features/vit-extractor';
import { modelReport } from '../../../../app/analysis/report/model-report';
import { randomParams, testPlane, TINY_VIT } from '../features/tiny-vit';
import type { Plane } from '../../../../app/ssl/geometry/image';
import { memoryImage } from './extractors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const settings = { layer: -1, facet: 'token' as const, inputSize: 32, stride: 8, logBin: false };
const sizes = { inputSize: 32, compositionalityPatches: 4, batchSize: 4, batches: 1 };

describe('model report and embedding on the feature module’s extractors (cpu backend)', () => {
  it('the pixels baseline: a linear ramp is perfectly compositional', async () => {
    // Centred windows of a ramp are the same ramp at any position and scale, so after normalisation every token,
    // every patch and every sub-patch has one and the same feature.
    const ramp: Plane = { height: 96, width: 96, channels: 1, data: Float32Array.from({ length: 96 * 96 }, (_, i) => 40 + (i % 96) * 2) };
    const report = await modelReport(pixelsExtractor(8), [memoryImage('ramp', ramp)], sizes);
    expect(report.metrics.compositionality?.mean).toBeCloseTo(1, 3);
    expect(report.extractorLabel).toBe('raw pixels (8-px patches)');
  });

  it('a tiny random ViT: every metric in range, the same twice from one seed, no tensors left behind', async () => {
    const vit = vitExtractor(randomParams(TINY_VIT, 1), TINY_VIT, { id: 'tiny', label: 'tiny ViT', defaults: settings });
    const images = [0, 1, 2, 3].map((i) => memoryImage(`t${i}`, testPlane(80, i)));
    const before = tf.memory().numTensors;
    const a = await modelReport(vit, images, sizes);
    const b = await modelReport(vit, images, sizes);
    expect(tf.memory().numTensors).toBe(before);
    expect({ ...a.metrics, timingsMs: null }).toEqual({ ...b.metrics, timingsMs: null });
    for (const v of a.metrics.compositionality!.values) expect(Math.abs(v)).toBeLessThanOrEqual(1 + 1e-6);
    expect(a.metrics.queries).toBe(4);
    expect(a.metrics.retrievalTop1).toBeGreaterThanOrEqual(0);
    expect(a.metrics.retrievalTop1).toBeLessThanOrEqual(1);

    const embedding = await landmarkEmbedding(
      vit,
      images.map((image, i) => ({ imageId: i + 1, image, points: [{ landmark: 'a', x: 20, y: 30 }, { landmark: 'b', x: 60, y: 30 }] })),
      { projection: 'tsne', mirror: true, partners: [['a', 'b']], inputSize: 32, tsne: { iterations: 50 } },
    );
    expect(embedding.points).toHaveLength(16);
    expect(embedding.symmetry?.pairs).toBe(4);
    vit.dispose();
  });
});
