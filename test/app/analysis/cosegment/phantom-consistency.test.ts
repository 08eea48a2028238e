import { beforeAll, describe, expect, it } from 'vitest';
import { prepareCosegmentation } from '../../../../app/analysis/cosegment/cosegment';
import { openExtractor } from '../../../../app/analysis/features/extractors';
import { createFeatureService } from '../../../../app/analysis/features/service';
import { activateCompute } from '../../../../app/compute/activate';
import { posedPhantoms, type PosedPhantom } from '../correspondence/phantoms';

const SIZE = 256;

/** Organ regions from the phantom's exact landmarks: a point well inside each organ. */
function organCentres(p: PosedPhantom): Record<string, { x: number; y: number }> {
  const l = p.landmarks;
  const mid = (a: string, b: string) => ({ x: (l[a]!.x + l[b]!.x) / 2, y: (l[a]!.y + l[b]!.y) / 2 });
  return {
    heart: mid('right_heart_border', 'cardiac_apex'),
    'right lung': mid('right_lung_apex', 'right_costophrenic_angle'),
    'left lung': mid('left_lung_apex', 'left_costophrenic_angle'),
  };
}

/** The most frequent label in a disk of radius r around (x, y). */
function majority(labels: Uint8Array, width: number, { x, y }: { x: number; y: number }, r: number): number {
  const counts = new Map<number, number>();
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      if (dx * dx + dy * dy > r * r) continue;
      const l = labels[Math.round(y + dy) * width + Math.round(x + dx)]!;
      counts.set(l, (counts.get(l) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
}

describe('co-segmentation of posed phantoms with a random ViT-T/16', () => {
  beforeAll(async () => {
    await activateCompute('wasm');
  });

  it('gives each organ the same part in at least 80 % of the images, heart and lungs different parts', async () => {
    const phantoms = posedPhantoms(8, SIZE, 3);
    // An untrained network still encodes local intensity and texture, which is what tells these organs apart.
    const extractor = await openExtractor({ kind: 'random', seed: 0 });
    const maps = await createFeatureService().features(extractor, phantoms.map((p) => p.image), { ...extractor.defaults, inputSize: 224, stride: 16 });
    extractor.dispose();
    const planes = await Promise.all(phantoms.map((p) => p.image.load()));
    const result = prepareCosegmentation(maps.map((map, i) => ({ map, image: planes[i]! }))).segment(5);
    const byOrgan = new Map<string, number[]>();
    phantoms.forEach((p, i) => {
      for (const [organ, centre] of Object.entries(organCentres(p))) {
        byOrgan.set(organ, [...(byOrgan.get(organ) ?? []), majority(result.images[i]!.labels, SIZE, centre, 8)]);
      }
    });
    const modal = new Map<string, number>();
    for (const [organ, labels] of byOrgan) {
      const counts = new Map<number, number>();
      for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
      const [label, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
      expect(label, `${organ}: ${labels.join(', ')}`).toBeGreaterThan(0);
      expect(count / labels.length, `${organ}: ${labels.join(', ')}`).toBeGreaterThanOrEqual(0.8);
      modal.set(organ, label);
    }
    expect(modal.get('heart')).not.toBe(modal.get('right lung'));
    expect(modal.get('heart')).not.toBe(modal.get('left lung'));
  });
});
