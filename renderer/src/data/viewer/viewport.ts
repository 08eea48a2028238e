/** Where the image sits on the stage: screen = image · scale + (x, y), in CSS pixels of the stage. */
export interface Viewport {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 32;

function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/** The whole image, as large as fits, centred. */
export function fitViewport(image: Size, stage: Size): Viewport {
  if (image.width <= 0 || image.height <= 0 || stage.width <= 0 || stage.height <= 0) return { scale: 1, x: 0, y: 0 };
  const scale = clampScale(Math.min(stage.width / image.width, stage.height / image.height));
  return { scale, x: (stage.width - image.width * scale) / 2, y: (stage.height - image.height * scale) / 2 };
}

/** One cached pixel per CSS pixel, keeping the image point under the stage centre where it is. */
export function oneToOne(view: Viewport, stage: Size): Viewport {
  return zoomAt(view, 1 / view.scale, stage.width / 2, stage.height / 2);
}

/** Zooms by `factor` keeping the image point under (px, py) fixed on the screen (wheel zoom around the cursor). */
export function zoomAt(view: Viewport, factor: number, px: number, py: number): Viewport {
  const scale = clampScale(view.scale * factor);
  const k = scale / view.scale;
  return { scale, x: px - (px - view.x) * k, y: py - (py - view.y) * k };
}

export function panBy(view: Viewport, dx: number, dy: number): Viewport {
  return { scale: view.scale, x: view.x + dx, y: view.y + dy };
}

/** The wheel step: one notch (100 px of deltaY) zooms by 1.2×, trackpads zoom proportionally. */
export function wheelFactor(deltaY: number): number {
  return Math.pow(1.2, -deltaY / 100);
}

/** The image pixel under a stage point, or null outside the image. */
export function imagePointAt(view: Viewport, image: Size, px: number, py: number): { x: number; y: number } | null {
  const x = Math.floor((px - view.x) / view.scale);
  const y = Math.floor((py - view.y) / view.scale);
  return x >= 0 && y >= 0 && x < image.width && y < image.height ? { x, y } : null;
}
