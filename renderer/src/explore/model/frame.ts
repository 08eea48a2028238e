import type { Size } from '../../data/viewer/viewport';
import type { XY } from './scatter';

/**
 * The analysis frame: positions are continuous original-image pixels, the image spanning [0, width] × [0, height]
 * (x = column). An image box on screen shows the whole image stretched to the box (whose aspect matches the image).
 */
export function imageToBox(p: XY, image: Size, box: Size): XY {
  return { x: (p.x * box.width) / image.width, y: (p.y * box.height) / image.height };
}

export function boxToImage(p: XY, image: Size, box: Size): XY {
  return { x: (p.x * image.width) / box.width, y: (p.y * image.height) / box.height };
}

export function clampToImage(p: XY, image: Size): XY {
  return { x: Math.min(image.width, Math.max(0, p.x)), y: Math.min(image.height, Math.max(0, p.y)) };
}

/**
 * Arrow keys move a point by 1 % of the image's long side (Shift: 5 %), at least one pixel, staying inside the image;
 * null for other keys.
 */
export function nudgePoint(p: XY, key: string, large: boolean, image: Size): XY | null {
  const step = Math.max(1, Math.round(Math.max(image.width, image.height) * (large ? 0.05 : 0.01)));
  const d: Record<string, XY> = { ArrowLeft: { x: -step, y: 0 }, ArrowRight: { x: step, y: 0 }, ArrowUp: { x: 0, y: -step }, ArrowDown: { x: 0, y: step } };
  const move = d[key];
  return move ? clampToImage({ x: p.x + move.x, y: p.y + move.y }, image) : null;
}

/** A square patch of side `size` centred on (x, y) in the original frame. */
export interface Patch {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

/**
 * The source rectangle of a patch in a downscaled copy of the image (a thumbnail of `copy` px for an `image`-px
 * original), clipped to the copy; null when nothing of it lies inside.
 */
export function patchInCopy(patch: Patch, image: Size, copy: Size): { sx: number; sy: number; sw: number; sh: number } | null {
  const kx = copy.width / image.width;
  const ky = copy.height / image.height;
  const x0 = Math.max(0, (patch.x - patch.size / 2) * kx);
  const y0 = Math.max(0, (patch.y - patch.size / 2) * ky);
  const x1 = Math.min(copy.width, (patch.x + patch.size / 2) * kx);
  const y1 = Math.min(copy.height, (patch.y + patch.size / 2) * ky);
  return x1 > x0 && y1 > y0 ? { sx: x0, sy: y0, sw: x1 - x0, sh: y1 - y0 } : null;
}

/** A frame rectangle (original image px) as fractions of the image, for placing an overlay over part of it. */
export function extentPlacement(extent: { x0: number; y0: number; x1: number; y1: number }, image: Size): { left: number; top: number; width: number; height: number } {
  return { left: extent.x0 / image.width, top: extent.y0 / image.height, width: (extent.x1 - extent.x0) / image.width, height: (extent.y1 - extent.y0) / image.height };
}
