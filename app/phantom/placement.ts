/**
 * Where the patient lies on the image: the similarity-plus-aspect transform from
 * canonical coordinates (u, v) to image pixels (x, y).
 *
 * Pixel convention: (x, y) = (column, row) of a pixel CENTRE, so the pixel in column i,
 * row j is centred at (i, j) and `Math.round` of a landmark gives its pixel. Landmarks
 * are continuous (sub-pixel) values.
 *
 * The rasteriser draws the patient UNROTATED into a "frame" buffer aligned with the
 * patient (so per-row and per-column quantities can be computed once), then resamples
 * the frame into the image through the rotation. Frame coordinates (p, q) are pixels
 * relative to the patient centre along the patient's own axes.
 */
import type { Pose } from './patient';

export interface Placement {
  width: number;
  height: number;
  /** Reference length: canonical unit = ref pixels (the image's shorter side). */
  ref: number;
  /** Pixels per canonical unit along u and v. */
  pxU: number;
  pxV: number;
  /** Image position of the patient centre (canonical (0.5, 0.5)). */
  centreX: number;
  centreY: number;
  cos: number;
  sin: number;
}

export function placement(pose: Pose, width: number, height: number): Placement {
  const ref = Math.min(width, height);
  const theta = (pose.rotationDeg * Math.PI) / 180;
  return {
    width,
    height,
    ref,
    pxU: pose.scaleX * ref,
    pxV: pose.scaleY * ref,
    centreX: (width - 1) / 2 + pose.shiftX * ref,
    centreY: (height - 1) / 2 + pose.shiftY * ref,
    cos: Math.cos(theta),
    sin: Math.sin(theta),
  };
}

/** Canonical (u, v) → image pixel (x, y). */
export function canonicalToImage(pl: Placement, u: number, v: number): { x: number; y: number } {
  const p = (u - 0.5) * pl.pxU;
  const q = (v - 0.5) * pl.pxV;
  return { x: pl.centreX + pl.cos * p - pl.sin * q, y: pl.centreY + pl.sin * p + pl.cos * q };
}

/** Image pixel (x, y) → frame (p, q): the inverse rotation about the patient centre. */
export function imageToFrame(pl: Placement, x: number, y: number): { p: number; q: number } {
  const dx = x - pl.centreX;
  const dy = y - pl.centreY;
  return { p: pl.cos * dx + pl.sin * dy, q: -pl.sin * dx + pl.cos * dy };
}

/** Frame buffer covering every image pixel after rotation (with a 2-pixel apron for interpolation). */
export interface FrameGrid {
  /** Frame pixel (a, b) is at p = a + p0, q = b + q0. */
  p0: number;
  q0: number;
  width: number;
  height: number;
}

export function frameGrid(pl: Placement): FrameGrid {
  let pMin = Infinity;
  let pMax = -Infinity;
  let qMin = Infinity;
  let qMax = -Infinity;
  for (const [x, y] of [
    [0, 0],
    [pl.width - 1, 0],
    [0, pl.height - 1],
    [pl.width - 1, pl.height - 1],
  ] as const) {
    const { p, q } = imageToFrame(pl, x, y);
    pMin = Math.min(pMin, p);
    pMax = Math.max(pMax, p);
    qMin = Math.min(qMin, q);
    qMax = Math.max(qMax, q);
  }
  const p0 = Math.floor(pMin) - 2;
  const q0 = Math.floor(qMin) - 2;
  return { p0, q0, width: Math.ceil(pMax) - p0 + 3, height: Math.ceil(qMax) - q0 + 3 };
}
