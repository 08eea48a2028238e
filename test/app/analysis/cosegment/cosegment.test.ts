import { describe, expect, it } from 'vitest';
import { prepareCosegmentation, type CosegmentImage } from '../../../../app/analysis/cosegment/cosegment';
import type { FeatureMap } from '../../../../app/analysis/features/types';

const SIZE = 64;
const TOKENS = 8;
const DIM = 4;

/**
 * A 64-px image with an 8-px air border (value 0) around a body split into two regions by `region(x, y)`, and
 * its 8×8-token feature map (8-px patches at stride 8): air tokens e0, and e1/e2 by the region of the token centre.
 */
function scene(region: (x: number, y: number) => 0 | 1, tones: [number, number] = [100, 200]): CosegmentImage {
  const pixels = new Float32Array(SIZE * SIZE);
  for (let y = 8; y < SIZE - 8; y++) for (let x = 8; x < SIZE - 8; x++) pixels[y * SIZE + x] = tones[region(x, y)];
  const data = new Float32Array(TOKENS * TOKENS * DIM);
  for (let r = 0; r < TOKENS; r++) {
    for (let c = 0; c < TOKENS; c++) {
      const air = r === 0 || c === 0 || r === TOKENS - 1 || c === TOKENS - 1;
      data[(r * TOKENS + c) * DIM + (air ? 0 : 1 + region(c * 8 + 4, r * 8 + 4))] = 1;
    }
  }
  const map: FeatureMap = { rows: TOKENS, cols: TOKENS, dim: DIM, data, patch: 8, stride: 8, inputSize: SIZE, imageWidth: SIZE, imageHeight: SIZE };
  return { map, image: { width: SIZE, height: SIZE, channels: 1, data: pixels } };
}

const leftRight = (x: number): 0 | 1 => (x < 37 ? 0 : 1);
const topBottom = (_: number, y: number): 0 | 1 => (y < 30 ? 0 : 1);

describe('co-segmentation', () => {
  it('finds the air as background, the body regions as parts, with label edges on the intensity edges', () => {
    const co = prepareCosegmentation([scene(leftRight), scene(leftRight, [90, 210]), scene(leftRight, [110, 190])]);
    expect(co.stage1.k).toBe(3);
    expect(co.stage1.foreground).toHaveLength(2);
    expect(co.stage1.votes.filter((v) => v === 3)).toHaveLength(2);
    const result = co.segment(2);
    expect(result.legend.map((l) => [l.index, l.name, l.color])).toEqual([
      [1, 'part 1', '#ff0000'],
      [2, 'part 2', '#ffff00'],
    ]);
    for (const image of result.images) {
      expect([image.width, image.height, image.labels.length]).toEqual([SIZE, SIZE, SIZE * SIZE]);
      // The working grid is the image's own 64 px here, so the preview is the label map itself.
      expect(image.grid.labels).toEqual(image.labels);
      const left = image.labels[32 * SIZE + 20]!;
      const right = image.labels[32 * SIZE + 44]!;
      expect(new Set([left, right])).toEqual(new Set([1, 2]));
      // Token column 4 (px 32–40) holds the step at x = 37 and is "left" on the token grid; the smoothed labels
      // switch exactly at the step on every row away from the corners (where the air border is a second edge).
      expect(image.tokenLabels[3 * TOKENS + 4]).toBe(left);
      for (let y = 16; y < SIZE - 16; y++) {
        const row = [...image.labels.subarray(y * SIZE, (y + 1) * SIZE)];
        expect(row.slice(10, 37).every((l) => l === left), `row ${y}`).toBe(true);
        expect(row.slice(37, SIZE - 10).every((l) => l === right), `row ${y}`).toBe(true);
        expect(row.slice(0, 7).every((l) => l === 0), `row ${y}`).toBe(true);
      }
      const sum = image.fractions.reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 6);
      expect(image.fractions[0]).toBeCloseTo(1 - (48 * 48) / (SIZE * SIZE), 1);
    }
  });

  it('numbers parts top to bottom, re-segments for another K from the same stage 1, and is deterministic', () => {
    const inputs = [scene(topBottom), scene(topBottom, [80, 220])];
    const co = prepareCosegmentation(inputs);
    const two = co.segment(2);
    for (const image of two.images) {
      expect(image.labels[16 * SIZE + 32]).toBe(1);
      expect(image.labels[48 * SIZE + 32]).toBe(2);
    }
    const one = co.segment(1);
    expect(new Set(one.images[0]!.labels)).toEqual(new Set([0, 1]));
    expect(co.segment(2).images.map((i) => i.labels)).toEqual(two.images.map((i) => i.labels));
    expect(prepareCosegmentation(inputs).segment(2).images.map((i) => i.labels)).toEqual(two.images.map((i) => i.labels));
  });

  it('gives labels at the source size when the pixels are a smaller working copy', () => {
    const inputs = [scene(topBottom), scene(topBottom, [80, 220])].map(({ map, image }) => ({ map: { ...map, imageWidth: 128, imageHeight: 96 }, image }));
    const [image] = prepareCosegmentation(inputs).segment(2).images;
    expect([image!.width, image!.height, image!.labels.length]).toEqual([128, 96, 128 * 96]);
    expect([image!.grid.width, image!.grid.height]).toEqual([SIZE, SIZE]);
    // Nearest upsampling: source pixel (x, y) shows grid cell (⌊x/2⌋, ⌊y·2/3⌋).
    for (const [x, y] of [[0, 0], [40, 20], [127, 95], [64, 47]] as const) {
      expect(image!.labels[y * 128 + x]).toBe(image!.grid.labels[Math.floor(((y + 0.5) * SIZE) / 96) * SIZE + Math.floor(x / 2)]);
    }
  });

  it('rejects too few images, bad K and mixed feature sizes', () => {
    const a = scene(leftRight);
    expect(() => prepareCosegmentation([a])).toThrow(/needs 2 to 64 images, got 1/);
    const co = prepareCosegmentation([a, a]);
    expect(() => co.segment(0)).toThrow(/parts must be an integer in 1\.\.12/);
    expect(() => co.segment(2.5)).toThrow(/parts must be an integer/);
    const odd: CosegmentImage = { ...a, map: { ...a.map, dim: 2, data: new Float32Array(TOKENS * TOKENS * 2) } };
    expect(() => prepareCosegmentation([a, odd])).toThrow(/image 2 has 2-d features, image 1 has 4-d/);
  });
});
