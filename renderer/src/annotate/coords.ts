import type { Size, Viewport } from '../data/viewer/viewport';

/**
 * Three frames meet on the annotator's stage:
 *   original — the image as imported (ImageAnnotations.width × height): every stored coordinate; integers are pixel
 *              centres, so pixel i covers [i − ½, i + ½] and the image spans [−½, width − ½];
 *   cache    — the working-resolution pixels the canvas shows (≤ the dataset's long side), same convention;
 *   screen   — CSS pixels of the stage; the canvas draws cache pixel j over [x + j·scale, x + (j+1)·scale].
 * The cache is the original resampled edge to edge, so an edge coordinate (x + ½) scales by cache/original.
 */
export interface Frame {
  readonly original: Size;
  readonly cache: Size;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

function ratio(frame: Frame): Point {
  return { x: frame.cache.width / frame.original.width, y: frame.cache.height / frame.original.height };
}

export function originalToCache(p: Point, frame: Frame): Point {
  const r = ratio(frame);
  return { x: (p.x + 0.5) * r.x - 0.5, y: (p.y + 0.5) * r.y - 0.5 };
}

export function cacheToOriginal(p: Point, frame: Frame): Point {
  const r = ratio(frame);
  return { x: (p.x + 0.5) / r.x - 0.5, y: (p.y + 0.5) / r.y - 0.5 };
}

/** Where an original-frame point appears on the stage. */
export function originalToScreen(p: Point, frame: Frame, view: Viewport): Point {
  const r = ratio(frame);
  return { x: view.x + (p.x + 0.5) * r.x * view.scale, y: view.y + (p.y + 0.5) * r.y * view.scale };
}

/** The original-frame position under a stage point (continuous; may be outside the image). */
export function screenToOriginal(p: Point, frame: Frame, view: Viewport): Point {
  const r = ratio(frame);
  return { x: (p.x - view.x) / (view.scale * r.x) - 0.5, y: (p.y - view.y) / (view.scale * r.y) - 0.5 };
}

/** Inside the image: −½ ≤ x ≤ width − ½ (the outer edges of the border pixels), same for y. */
export function insideOriginal(p: Point, original: Size): boolean {
  return p.x >= -0.5 && p.y >= -0.5 && p.x <= original.width - 0.5 && p.y <= original.height - 0.5;
}

/** The centre of the original pixel a position falls in: what a click stores (integers, clamped into the image). */
export function snapToPixel(p: Point, original: Size): Point {
  const clamp = (v: number, max: number) => Math.min(max - 1, Math.max(0, Math.round(v)));
  return { x: clamp(p.x, original.width), y: clamp(p.y, original.height) };
}

/** Keeps a suggested (sub-pixel) position inside the image, as the host requires. */
export function clampToImage(p: Point, original: Size): Point {
  const clamp = (v: number, max: number) => Math.min(max - 0.5, Math.max(-0.5, v));
  return { x: clamp(p.x, original.width), y: clamp(p.y, original.height) };
}

/** A view at `scale` (screen px per cache px) with an original-frame point at the stage centre. */
export function centreOn(p: Point, frame: Frame, stage: Size, scale: number): Viewport {
  const r = ratio(frame);
  return { scale, x: stage.width / 2 - (p.x + 0.5) * r.x * scale, y: stage.height / 2 - (p.y + 0.5) * r.y * scale };
}

/** Screen distance between two stage points. */
export function screenDistance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
