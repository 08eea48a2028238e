import { describe, expect, it } from 'vitest';
import { boxToImage, clampToImage, extentPlacement, imageToBox, nudgePoint, patchInCopy } from '../../../renderer/src/explore/model/frame';
import { fitScatter, nearestPoint } from '../../../renderer/src/explore/model/scatter';

const image = { width: 1000, height: 800 };
const box = { width: 500, height: 400 };

describe('image ↔ box', () => {
  it('stretches the image frame [0, w] × [0, h] onto the box and back', () => {
    expect(imageToBox({ x: 0, y: 0 }, image, box)).toEqual({ x: 0, y: 0 });
    expect(imageToBox({ x: 1000, y: 800 }, image, box)).toEqual({ x: 500, y: 400 });
    expect(imageToBox({ x: 250, y: 100 }, image, box)).toEqual({ x: 125, y: 50 });
    expect(boxToImage({ x: 125, y: 50 }, image, box)).toEqual({ x: 250, y: 100 });
  });

  it('clamps into the image', () => {
    expect(clampToImage({ x: -3, y: 900 }, image)).toEqual({ x: 0, y: 800 });
  });

  it('nudges by 1 % of the long side (5 % with Shift) and stays inside', () => {
    expect(nudgePoint({ x: 500, y: 400 }, 'ArrowRight', false, image)).toEqual({ x: 510, y: 400 });
    expect(nudgePoint({ x: 500, y: 400 }, 'ArrowUp', true, image)).toEqual({ x: 500, y: 350 });
    expect(nudgePoint({ x: 5, y: 400 }, 'ArrowLeft', false, image)).toEqual({ x: 0, y: 400 });
    expect(nudgePoint({ x: 5, y: 4 }, 'ArrowDown', false, { width: 20, height: 10 })).toEqual({ x: 5, y: 5 });
    expect(nudgePoint({ x: 5, y: 4 }, 'Enter', false, image)).toBeNull();
  });

  it('finds a patch in a downscaled copy, clipped to it', () => {
    // A 1024² original shown from a 256² thumbnail: a 448-px patch at (512, 512) is 112 px at (72, 72).
    const original = { width: 1024, height: 1024 };
    const thumb = { width: 256, height: 256 };
    expect(patchInCopy({ x: 512, y: 512, size: 448 }, original, thumb)).toEqual({ sx: 72, sy: 72, sw: 112, sh: 112 });
    expect(patchInCopy({ x: 100, y: 1000, size: 448 }, original, thumb)).toEqual({ sx: 0, sy: 194, sw: 81, sh: 62 });
    expect(patchInCopy({ x: -500, y: 10, size: 100 }, original, thumb)).toBeNull();
  });
});

describe('scatter plot', () => {
  it('fits with one scale for both axes, centred, y up', () => {
    // x spans 0..4, y spans 0..1 on a 100 × 100 canvas with 10 px pad: scale = 80 / 4 = 20.
    const { xs, ys } = fitScatter(
      [
        { x: 0, y: 0 },
        { x: 4, y: 1 },
        { x: 2, y: 0.5 },
      ],
      { width: 100, height: 100 },
      10,
    );
    expect(Array.from(xs)).toEqual([10, 90, 50]);
    expect(Array.from(ys)).toEqual([60, 40, 50]);
  });

  it('puts a single point in the middle', () => {
    const { xs, ys } = fitScatter([{ x: 7, y: -3 }], { width: 60, height: 40 });
    expect([xs[0], ys[0]]).toEqual([30, 20]);
  });

  it('finds the nearest point within the radius, the last drawn among equals', () => {
    const xs = new Float32Array([0, 10, 10]);
    const ys = new Float32Array([0, 0, 0]);
    expect(nearestPoint(xs, ys, 1, 1, 3)).toBe(0);
    expect(nearestPoint(xs, ys, 9, 0, 3)).toBe(2);
    expect(nearestPoint(xs, ys, 5, 5, 3)).toBe(-1);
  });
});

describe('extentPlacement', () => {
  it('places a grid that stops short of the image edges', () => {
    const p = extentPlacement({ x0: 8, y0: 4, x1: 248, y1: 124 }, { width: 256, height: 128 });
    expect(p).toEqual({ left: 8 / 256, top: 4 / 128, width: 240 / 256, height: 120 / 128 });
  });
});
