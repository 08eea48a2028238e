import type { Plane } from '../geometry/image';
import type { Rng } from '../rng';

/**
 * POPAR-style corruptions of PEAC's view 1 (spec §1.5.5), on grey 8-bit-range planes; every draw comes from
 * the caller's RNG. The exact Models-Genesis constants are restated from the spec: 40 shuffled rectangles of
 * side 1…H/10; a Bézier intensity curve (p 0.9, half of them flipped); paint (p 0.9): 80 % out-painting,
 * else in-painting, with up to 5 windows.
 */
const copy = (img: Plane): Plane => ({ ...img, data: img.data.slice() });

/** Shuffles the pixels inside `count` random rectangles. */
export function localPixelShuffle(img: Plane, rng: Rng, count = 40): Plane {
  const out = copy(img);
  const maxSide = Math.max(1, Math.floor(img.height / 10));
  for (let n = 0; n < count; n++) {
    const h = rng.int(1, maxSide);
    const w = rng.int(1, maxSide);
    const top = rng.int(0, img.height - h);
    const left = rng.int(0, img.width - w);
    const idx: number[] = [];
    for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) idx.push(y * img.width + x);
    const values = idx.map((i) => out.data[i] ?? 0);
    for (let i = values.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [values[i], values[j]] = [values[j] ?? 0, values[i] ?? 0];
    }
    idx.forEach((i, k) => (out.data[i] = values[k] ?? 0));
  }
  return out;
}

/** Cubic Bézier through (0,0), two random control points, (1,1), sampled and used as a monotone-in-t lookup. */
export function bezierRemap(img: Plane, rng: Rng): Plane {
  const [x1, y1, x2, y2] = [rng.float(), rng.float(), rng.float(), rng.float()];
  const flip = rng.float() < 0.5;
  const n = 1024;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k <= n; k++) {
    const t = k / n;
    const b = (p1: number, p2: number): number => 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t * t * p2 + t ** 3;
    xs.push(b(x1, x2));
    ys.push(b(y1, y2));
  }
  const order = xs.map((_, i) => i).sort((a, b) => (xs[a] ?? 0) - (xs[b] ?? 0));
  const sx = order.map((i) => xs[i] ?? 0);
  const sy = order.map((i) => ys[i] ?? 0);
  const lookup = (v: number): number => {
    let lo = 0;
    let hi = sx.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((sx[mid] ?? 0) <= v) lo = mid;
      else hi = mid;
    }
    const span = (sx[hi] ?? 1) - (sx[lo] ?? 0);
    const w = span > 0 ? Math.min(Math.max((v - (sx[lo] ?? 0)) / span, 0), 1) : 0;
    return (sy[lo] ?? 0) * (1 - w) + (sy[hi] ?? 0) * w;
  };
  return { ...img, data: img.data.map((v) => 255 * (flip ? 1 - lookup(v / 255) : lookup(v / 255))) };
}

type Box = readonly [number, number, number, number];

function randomBox(rng: Rng, img: Plane, minFrac: number, maxFrac: number): Box {
  const h = rng.int(Math.floor(img.height * minFrac), Math.floor(img.height * maxFrac));
  const w = rng.int(Math.floor(img.width * minFrac), Math.floor(img.width * maxFrac));
  return [rng.int(0, img.height - h), rng.int(0, img.width - w), h, w];
}

function fillBox(dst: Plane, box: Box, value: (i: number) => number): void {
  const [top, left, h, w] = box;
  for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) dst.data[y * dst.width + x] = value(y * dst.width + x);
}

/** Up to 5 blocks of side H/6…H/3 filled with uniform noise (each further block with p 0.95). */
export function inPaint(img: Plane, rng: Rng): Plane {
  const out = copy(img);
  for (let n = 5; n > 0 && rng.float() < 0.95; n--) fillBox(out, randomBox(rng, img, 1 / 6, 1 / 3), () => 255 * rng.float());
  return out;
}

/** Uniform noise everywhere except one to five windows of side 3H/7…4H/7 that keep the original. */
export function outPaint(img: Plane, rng: Rng): Plane {
  const out: Plane = { ...img, data: img.data.map(() => 255 * rng.float()) };
  fillBox(out, randomBox(rng, img, 3 / 7, 4 / 7), (i) => img.data[i] ?? 0);
  for (let n = 4; n > 0 && rng.float() < 0.95; n--) fillBox(out, randomBox(rng, img, 3 / 7, 4 / 7), (i) => img.data[i] ?? 0);
  return out;
}

/** The "distort" branch applied to view 1. */
export function distort(img: Plane, rng: Rng): Plane {
  let out = localPixelShuffle(img, rng);
  if (rng.float() < 0.9) out = bezierRemap(out, rng);
  if (rng.float() < 0.9) out = rng.float() < 0.8 ? outPaint(out, rng) : inPaint(out, rng);
  return out;
}

/** Output patch t = source patch perm[t] (row-major p×p patches), i.e. patch tokens permuted before embedding. */
export function shufflePatches(img: Plane, patch: number, perm: readonly number[]): Plane {
  const side = img.width / patch;
  const out = copy(img);
  const ch = img.channels;
  perm.forEach((src, t) => {
    const [sr, sc, dr, dc] = [Math.floor(src / side), src % side, Math.floor(t / side), t % side];
    for (let y = 0; y < patch; y++) {
      const from = ((sr * patch + y) * img.width + sc * patch) * ch;
      out.data.set(img.data.subarray(from, from + patch * ch), ((dr * patch + y) * img.width + dc * patch) * ch);
    }
  });
  return out;
}

export function randomPermutation(n: number, rng: Rng): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [p[i], p[j]] = [p[j] ?? 0, p[i] ?? 0];
  }
  return p;
}
