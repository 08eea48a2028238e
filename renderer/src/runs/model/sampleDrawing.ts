import type { PixelRect, SampleView } from '../../../../app/api/schemas/runs';
import type { Viewport } from '../../data/viewer/viewport';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Segment {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** Token t (row-major) of a view as a rectangle of the cached image. */
export function tokenRect(view: SampleView, t: number): PixelRect {
  const w = view.box.width / view.tokens;
  const h = view.box.height / view.tokens;
  return { x: view.box.x + (t % view.tokens) * w, y: view.box.y + Math.floor(t / view.tokens) * h, width: w, height: h };
}

export function centreOf(r: PixelRect): Point {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

/** The token borders of a view, outer frame included: tokens + 1 lines each way. */
export function gridLines(view: SampleView): Segment[] {
  const { x, y, width, height } = view.box;
  return Array.from({ length: view.tokens + 1 }, (_, i) => {
    const fx = x + (i * width) / view.tokens;
    const fy = y + (i * height) / view.tokens;
    return [
      { x1: fx, y1: y, x2: fx, y2: y + height },
      { x1: x, y1: fy, x2: x + width, y2: fy },
    ];
  }).flat();
}

/** The viewport that shows `rect` of an image filling a stage of `width` CSS pixels (the stage keeps the rect's aspect). */
export function cropViewport(rect: PixelRect, width: number): Viewport {
  const scale = width / rect.width;
  return { scale, x: -rect.x * scale, y: -rect.y * scale };
}

export const viewBoxOf = (r: PixelRect): string => `${r.x} ${r.y} ${r.width} ${r.height}`;
