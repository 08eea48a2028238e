import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CachedPixels } from './pixels';
import { fitViewport, imagePointAt, panBy, wheelFactor, zoomAt, type Size, type Viewport } from './viewport';
import { applyRgbaLut, buildLut, cacheToModality, dragWindow, formatUnits, rgbaLut, type Window } from './windowLevel';

export type Tool = 'window' | 'pan';

interface ViewerStageProps {
  readonly size: Size;
  readonly pixels: CachedPixels;
  readonly window: Window;
  readonly invert: boolean;
  /** 'fit' follows the stage size; a concrete viewport stays where the user put it. */
  readonly view: Viewport | 'fit';
  readonly tool: Tool;
  /** Space is held: the left button pans whatever the tool. */
  readonly spaceHeld: boolean;
  readonly label: string;
  onWindow(window: Window): void;
  onView(view: Viewport): void;
  onFit(): void;
}

interface Drag {
  readonly mode: 'window' | 'pan';
  readonly pointerId: number;
  readonly x: number;
  readonly y: number;
  readonly window: Window;
  readonly view: Viewport;
}

export function effectiveView(view: Viewport | 'fit', pixels: Size, stage: Size): Viewport {
  return view === 'fit' ? fitViewport(pixels, stage) : view;
}

/**
 * The canvas: the cached pixels go through a LUT for the current window (rebuilt only when the window or inversion
 * changes) into an image-sized offscreen canvas, which is drawn onto the stage-sized canvas at the current zoom and pan.
 * Drag with the left button = window/level; middle button, Space + drag or the pan tool = pan; wheel = zoom at the cursor.
 */
export function ViewerStage({ size, pixels, window, invert, view, tool, spaceHeld, label, onWindow, onView, onFit }: ViewerStageProps) {
  const stageRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drag = useRef<Drag | null>(null);
  const [dragging, setDragging] = useState<Drag['mode'] | null>(null);
  const [probe, setProbe] = useState<string>('');
  const current = effectiveView(view, pixels, size);
  const latest = useRef({ current, onView });
  latest.current = { current, onView };

  // The image at its own resolution, in display grays for the current window.
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
    ctx.imageSmoothingEnabled = current.scale < 3;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(offscreen.canvas, current.x, current.y, pixels.width * current.scale, pixels.height * current.scale);
  }, [painted, offscreen, current.x, current.y, current.scale, size.width, size.height, pixels.width, pixels.height]);

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = stage.getBoundingClientRect();
      const { current: view, onView: setView } = latest.current;
      setView(zoomAt(view, wheelFactor(e.deltaY), e.clientX - rect.left, e.clientY - rect.top));
    };
    stage.addEventListener('wheel', onWheel, { passive: false });
    return () => stage.removeEventListener('wheel', onWheel);
  }, []);

  const describePoint = (clientX: number, clientY: number) => {
    const rect = stageRef.current?.getBoundingClientRect();
    if (!rect) return;
    const point = imagePointAt(current, pixels, clientX - rect.left, clientY - rect.top);
    if (!point) {
      setProbe('');
      return;
    }
    const v = pixels.samples[point.y * pixels.width + point.x]!;
    setProbe(`x ${point.x}, y ${point.y} · value ${formatUnits(cacheToModality(v, pixels), pixels.hi - pixels.lo)}`);
  };

  const cursor = dragging === 'pan' ? 'grabbing' : tool === 'pan' || spaceHeld ? 'grab' : 'crosshair';

  return (
    <div
      ref={stageRef}
      className="viewer-surface"
      style={{ cursor }}
      title="Drag: window (horizontal) and level (vertical). Middle button, Space + drag or the Pan tool: pan. Wheel: zoom. Double-click: fit."
      onMouseDown={(e) => {
        // No autoscroll on middle click.
        if (e.button === 1) e.preventDefault();
      }}
      onPointerDown={(e) => {
        if (e.button !== 0 && e.button !== 1) return;
        e.preventDefault();
        e.currentTarget.parentElement?.focus();
        e.currentTarget.setPointerCapture(e.pointerId);
        const mode = e.button === 1 || tool === 'pan' || spaceHeld ? 'pan' : 'window';
        drag.current = { mode, pointerId: e.pointerId, x: e.clientX, y: e.clientY, window, view: current };
        setDragging(mode);
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d || d.pointerId !== e.pointerId) {
          describePoint(e.clientX, e.clientY);
          return;
        }
        const dx = e.clientX - d.x;
        const dy = e.clientY - d.y;
        if (d.mode === 'window') onWindow(dragWindow(d.window, dx, dy, pixels.bits));
        else onView(panBy(d.view, dx, dy));
      }}
      onPointerUp={(e) => {
        if (drag.current?.pointerId !== e.pointerId) return;
        drag.current = null;
        setDragging(null);
      }}
      onPointerCancel={() => {
        drag.current = null;
        setDragging(null);
      }}
      onPointerLeave={() => setProbe('')}
      onDoubleClick={onFit}
    >
      <canvas ref={canvasRef} className="viewer-canvas" role="img" aria-label={label} style={{ width: size.width, height: size.height }} />
      <div className="viewer-probe" aria-hidden="true">
        {probe}
      </div>
    </div>
  );
}
