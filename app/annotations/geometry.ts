/**
 * The one pixel convention of landmark coordinates: x = column, y = row in the ORIGINAL image, integers at pixel
 * centres (ITK, 3D Slicer, COCO keypoints and the phantom manifests agree). The image therefore covers
 * [-0.5, cols - 0.5] × [-0.5, rows - 0.5]. Normalised coordinates map that area onto [0, 1] × [0, 1], which is what
 * makes them independent of resolution: the same anatomical spot has the same normalised position in a 512-px
 * rendering and in the 2,048-px original (x / cols would be off by half a pixel of the ratio).
 */

/** Slack for floating-point round trips (e.g. through normalised coordinates or millimetres). */
const EPS = 1e-9;

export function insideImage(x: number, y: number, width: number, height: number): boolean {
  return x >= -0.5 - EPS && y >= -0.5 - EPS && x <= width - 0.5 + EPS && y <= height - 0.5 + EPS;
}

export function normalise(x: number, y: number, width: number, height: number): { u: number; v: number } {
  return { u: (x + 0.5) / width, v: (y + 0.5) / height };
}

export function denormalise(u: number, v: number, width: number, height: number): { x: number; y: number } {
  return { x: u * width - 0.5, y: v * height - 0.5 };
}

export function distance(ax: number, ay: number, bx: number, by: number): number {
  return Math.hypot(ax - bx, ay - by);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
