import type { Size } from '../../data/viewer/viewport';

export interface XY {
  readonly x: number;
  readonly y: number;
}


/**
 * Fits 2-D points into a canvas with one scale for both axes (distances in an embedding mean the same either way),
 * centred, with `pad` px kept free at every edge; y grows upwards as on a plot. Returns screen positions as two arrays.
 */
export function fitScatter(points: readonly XY[], size: Size, pad = 12): { xs: Float32Array; ys: Float32Array } {
  const xs = new Float32Array(points.length);
  const ys = new Float32Array(points.length);
  if (points.length === 0) return { xs, ys };
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  const w = Math.max(0, size.width - 2 * pad);
  const h = Math.max(0, size.height - 2 * pad);
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const scale = spanX === 0 && spanY === 0 ? 0 : Math.min(spanX > 0 ? w / spanX : Infinity, spanY > 0 ? h / spanY : Infinity);
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  points.forEach((p, i) => {
    xs[i] = size.width / 2 + (p.x - cx) * scale;
    ys[i] = size.height / 2 - (p.y - cy) * scale;
  });
  return { xs, ys };
}

/** The index of the screen point nearest (x, y) within `radius` px, or −1; among equals, the one drawn last (on top). */
export function nearestPoint(xs: Float32Array, ys: Float32Array, x: number, y: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i]! - x;
    const dy = ys[i]! - y;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
