import type { Window } from '../../ssl/data/resample';
import type { Plane } from '../../ssl/geometry/image';
import type { Rng } from '../../ssl/rng';

export type Range = readonly [number, number];

const uniform = (rng: Rng, [lo, hi]: Range): number => lo + rng.float() * (hi - lo);

function checkRange(name: string, [lo, hi]: Range, min: number, max: number): void {
  if (!(lo >= min && hi <= max && lo <= hi)) throw new RangeError(`${name} [${lo}, ${hi}] must lie within [${min}, ${max}] with the low end first`);
}

/**
 * A random rectangle on the pixel lattice covering a uniform `area` fraction of a height×width image, with a
 * log-uniform aspect ratio (width/height) in `ratio` (torchvision RandomResizedCrop's draw); sides are clipped
 * to the image, so a very elongated draw on a narrow image covers a little less.
 */
export function randomWindow(rng: Rng, height: number, width: number, area: Range, ratio: Range = [3 / 4, 4 / 3]): Window {
  checkRange('area fraction', area, 0, 1);
  checkRange('aspect ratio', ratio, 1e-3, 1e3);
  const target = height * width * uniform(rng, area);
  const r = Math.exp(uniform(rng, [Math.log(ratio[0]), Math.log(ratio[1])]));
  const w = Math.min(width, Math.max(1, Math.round(Math.sqrt(target * r))));
  const h = Math.min(height, Math.max(1, Math.round(Math.sqrt(target / r))));
  return { top: rng.int(0, height - h), left: rng.int(0, width - w), height: h, width: w };
}

/** A random square whose side is a uniform fraction `side` of the image's shorter side, rounded to even px. */
export function randomSquare(rng: Rng, height: number, width: number, side: Range): Window {
  checkRange('patch side fraction', side, 0, 1);
  const short = Math.min(height, width);
  const s = Math.min(short - (short % 2), Math.max(2, 2 * Math.round((uniform(rng, side) * short) / 2)));
  return { top: rng.int(0, height - s), left: rng.int(0, width - s), height: s, width: s };
}

/** The 2×2 non-overlapping sub-windows, row-major. */
export function quadrants(win: Window): Window[] {
  const h = win.height / 2;
  const w = win.width / 2;
  return [0, 1].flatMap((i) => [0, 1].map((j) => ({ top: win.top + i * h, left: win.left + j * w, height: h, width: w })));
}

/** `img` with the window set to 0 (black on the 0–255 training scale): spec §6's "excised" image. */
export function zeroFill(img: Plane, win: Window): Plane {
  const data = img.data.slice();
  const rowLen = img.width * img.channels;
  for (let r = win.top; r < win.top + win.height; r++) data.fill(0, r * rowLen + win.left * img.channels, r * rowLen + (win.left + win.width) * img.channels);
  return { ...img, data };
}

/** Seeded Fisher–Yates permutation of 0…n−1. */
export function permutation(rng: Rng, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  return order;
}
