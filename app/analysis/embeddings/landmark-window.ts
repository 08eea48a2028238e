import type { Window } from '../../ssl/data/resample';

/** Spec §5.3: a 448-px window on a 1024-px image, i.e. this fraction of the image's longer side. */
export const PATCH_FRACTION = 448 / 1024;

/**
 * The window centred on (x, y) with side `fraction` × the longer side, clipped to the image without padding
 * (PEAC's tsne.py), so windows near a border are smaller and off-centre. Original image frame, fractional px.
 */
export function landmarkWindow(x: number, y: number, width: number, height: number, fraction = PATCH_FRACTION): Window {
  const half = (fraction * Math.max(width, height)) / 2;
  const top = Math.max(0, y - half);
  const left = Math.max(0, x - half);
  const bottom = Math.min(height, y + half);
  const right = Math.min(width, x + half);
  if (!(bottom > top && right > left)) throw new RangeError(`point (${x}, ${y}) lies outside the ${width}×${height} image`);
  return { top, left, height: bottom - top, width: right - left };
}

/** The same window in a plane that is a rescaled copy (same aspect, any size) of the original frame. */
export function scaleWindow(win: Window, sx: number, sy: number): Window {
  return { top: win.top * sy, left: win.left * sx, height: win.height * sy, width: win.width * sx };
}
