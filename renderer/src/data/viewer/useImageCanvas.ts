import { useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { CachedPixels } from './pixels';
import { wheelFactor, zoomAt, type Size, type Viewport } from './viewport';
import { applyRgbaLut, buildLut, rgbaLut, type Window } from './windowLevel';

/** What a viewer canvas shows: the cached pixels through a window, maybe inverted, at a zoom and pan, on a stage of a size. */
export interface Picture {
  readonly pixels: CachedPixels;
  readonly window: Window;
  readonly invert: boolean;
  readonly view: Viewport;
  readonly size: Size;
}

/**
 * Paints cached pixels onto a stage-sized canvas: the pixels go through a LUT for the current window (rebuilt only when
 * the window or inversion changes) into an image-sized offscreen canvas, which is drawn at the current zoom and pan.
 * Returns the offscreen canvas (display grays at cache resolution), e.g. for a magnifier.
 */
export function useImageCanvas(canvasRef: RefObject<HTMLCanvasElement | null>, { pixels, window, invert, view, size }: Picture): HTMLCanvasElement {
  const offscreen = useMemo(() => {
    const canvas = document.createElement('canvas');
    canvas.width = pixels.width;
    canvas.height = pixels.height;
    const data = new ImageData(pixels.width, pixels.height);
    return { canvas, ctx: canvas.getContext('2d')!, data, words: new Uint32Array(data.data.buffer) };
  }, [pixels]);
  const lut = useMemo(() => rgbaLut(buildLut(window, pixels.bits, invert)), [window, pixels.bits, invert]);
  const [painted, setPainted] = useState(0);

  useLayoutEffect(() => {
    applyRgbaLut(pixels.samples, lut, offscreen.words);
    offscreen.ctx.putImageData(offscreen.data, 0, 0);
    setPainted((n) => n + 1);
  }, [pixels, lut, offscreen]);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || size.width <= 0 || size.height <= 0) return;
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.round(size.width * dpr);
    const h = Math.round(size.height * dpr);
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    const ctx = canvas.getContext('2d', { willReadFrequently: false })!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, w, h);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    // Smooth when shrinking or mildly enlarging; show the cached pixels as squares from 3× up.
    ctx.imageSmoothingEnabled = view.scale < 3;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(offscreen.canvas, view.x, view.y, pixels.width * view.scale, pixels.height * view.scale);
  }, [canvasRef, painted, offscreen, view.x, view.y, view.scale, size.width, size.height, pixels.width, pixels.height]);

  return offscreen.canvas;
}

/** Wheel zoom around the cursor; a non-passive listener keeps the page from scrolling. */
export function useWheelZoom(stageRef: RefObject<HTMLElement | null>, view: Viewport, onView: (view: Viewport) => void): void {
  const latest = useRef({ view, onView });
  latest.current = { view, onView };
  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = stage.getBoundingClientRect();
      const { view: current, onView: setView } = latest.current;
      setView(zoomAt(current, wheelFactor(e.deltaY), e.clientX - rect.left, e.clientY - rect.top));
    };
    stage.addEventListener('wheel', onWheel, { passive: false });
    return () => stage.removeEventListener('wheel', onWheel);
  }, [stageRef]);
}
