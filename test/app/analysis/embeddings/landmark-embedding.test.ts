import { describe, expect, it } from 'vitest';
import { landmarkEmbedding } from '../../../../app/analysis/embeddings/landmark-embedding';
import { landmarkPatchFeatures, type LandmarkImage } from '../../../../app/analysis/embeddings/landmark-features';
import { landmarkWindow, PATCH_FRACTION } from '../../../../app/analysis/embeddings/landmark-window';
import { partnerPairs, symmetryScore } from '../../../../app/analysis/embeddings/symmetry';
import type { Plane } from '../../../../app/ssl/geometry/image';
import { memoryImage, pixelExtractor } from '../report/extractors';

/**
 * A left–right mirror-symmetric image (about its vertical centre line) whose intensity falls towards the centre:
 * a patch on the left is the mirror image of the patch at the mirrored position on the right, but not the same.
 */
function symmetricPlane(side: number, tilt: number): Plane {
  const data = new Float32Array(side * side);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) data[y * side + x] = 20 + (200 * Math.abs(x + 0.5 - side / 2)) / (side / 2) + tilt * y;
  return { height: side, width: side, channels: 1, data };
}

/** Working copies at 64 px of 1024-px originals; landmarks in the original frame. */
const images: LandmarkImage[] = [0, 1, 2].map((i) => ({
  imageId: 10 + i,
  image: memoryImage(`img${i}`, symmetricPlane(64, 0.5 * i), { width: 1024, height: 1024 }),
  points: [
    { landmark: 'left_apex', x: 1024 - 300 - 8 * i, y: 200 + 16 * i },
    { landmark: 'right_apex', x: 300 + 8 * i, y: 200 + 16 * i },
    { landmark: 'carina', x: 512, y: 400 },
  ],
}));

const partners = partnerPairs([
  { id: 'right_apex', partner: 'left_apex' },
  { id: 'left_apex', partner: 'right_apex' },
  { id: 'carina', partner: null },
]);

describe('landmark patches', () => {
  it('cut 448/1024 of the longer side around the landmark, clipped at the border without padding', () => {
    expect(PATCH_FRACTION * 1024).toBe(448);
    expect(landmarkWindow(500, 500, 1024, 1024)).toEqual({ top: 276, left: 276, height: 448, width: 448 });
    expect(landmarkWindow(100, 1000, 1024, 1024)).toEqual({ top: 776, left: 0, height: 248, width: 324 });
    // 800 wide, 1000 tall: side 437.5 from the longer side.
    expect(landmarkWindow(400, 500, 800, 1000)).toEqual({ top: 281.25, left: 181.25, height: 437.5, width: 437.5 });
    expect(() => landmarkWindow(-300, 10, 100, 100)).toThrow(/outside the 100×100 image/);
  });

  it('give one feature per (image, landmark, mirrored?) and name a landmark off the image', async () => {
    const progress: number[] = [];
    const result = await landmarkPatchFeatures(pixelExtractor(4), images, { inputSize: 16, mirror: true, onProgress: (d) => progress.push(d) });
    expect(result.features).toHaveLength(18);
    expect(result.entries.slice(0, 2)).toEqual([
      { imageId: 10, imageKey: 'img0', landmark: 'left_apex', flipped: false, point: { x: 724, y: 200 }, window: { top: 0, left: 500, height: 424, width: 448 }, side: 448 },
      { imageId: 10, imageKey: 'img0', landmark: 'left_apex', flipped: true, point: { x: 724, y: 200 }, window: { top: 0, left: 500, height: 424, width: 448 }, side: 448 },
    ]);
    expect(progress).toEqual([1, 2, 3]);
    const off: LandmarkImage = { ...images[0]!, points: [{ landmark: 'carina', x: 2000, y: 10 }] };
    await expect(landmarkPatchFeatures(pixelExtractor(4), [off], { inputSize: 16 })).rejects.toThrow(/landmark "carina" of image 10: point \(2000, 10\) lies outside/);
  });

  it('score symmetry: a mirrored left patch equals its right partner on a symmetric image, unmirrored it does not', async () => {
    const result = await landmarkPatchFeatures(pixelExtractor(4), images, { inputSize: 16, mirror: true });
    const score = symmetryScore(result, partners)!;
    expect(score.pairs).toBe(3);
    expect(score.flippedToPartner).toBeCloseTo(0, 6);
    expect(score.unflippedToPartner).toBeGreaterThan(0.01);
    expect(symmetryScore(await landmarkPatchFeatures(pixelExtractor(4), images, { inputSize: 16 }), partners)).toBeNull();
  });
});

describe('landmark embedding', () => {
  it('maps every patch to a normalised point with its landmark, image, mirroring and patch, plus the symmetry score', async () => {
    const stages = new Set<string>();
    const out = await landmarkEmbedding(pixelExtractor(4), images, {
      projection: 'pca',
      mirror: true,
      partners,
      inputSize: 16,
      onProgress: (_d, _t, stage) => stages.add(stage),
    });
    expect(out.points).toHaveLength(18);
    expect(out.points[2]).toMatchObject({ landmark: 'right_apex', imageId: 10, imageKey: 'img0', flipped: false, patch: { x: 300, y: 200, size: 448 } });
    for (const p of out.points) {
      expect(Math.abs(p.x)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(p.y)).toBeLessThanOrEqual(0.5);
    }
    // A mirrored left patch is the right patch: the two land on the same point.
    const at = (landmark: string, flipped: boolean) => out.points.find((p) => p.imageId === 11 && p.landmark === landmark && p.flipped === flipped)!;
    expect(at('left_apex', true).x).toBeCloseTo(at('right_apex', false).x, 5);
    expect(at('left_apex', true).y).toBeCloseTo(at('right_apex', false).y, 5);
    expect(out.symmetry?.flippedToPartner).toBeCloseTo(0, 6);
    expect([...stages]).toEqual(['features', 'projection']);
  });
});
