import { useRef, useState } from 'react';
import type { CachedPixels } from './pixels';
import { useImageCanvas, useWheelZoom } from './useImageCanvas';
import { fitViewport, imagePointAt, panBy, type Size, type Viewport } from './viewport';
import { cacheToModality, dragWindow, formatUnits, type Window } from './windowLevel';

/** What the left mouse button does: window/level, pan, or (annotating) place and move points. */
export type Tool = 'window' | 'pan' | 'place';

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
 * The Data viewer's canvas (painted by useImageCanvas) and mouse: drag with the left button = window/level; middle
 * button, Space + drag or the pan tool = pan; wheel = zoom at the cursor.
 */
export function ViewerStage({ size, pixels, window, invert, view, tool, spaceHeld, label, onWindow, onView, onFit }: ViewerStageProps) {
  const stageRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drag = useRef<Drag | null>(null);
  const [dragging, setDragging] = useState<Drag['mode'] | null>(null);
  const [probe, setProbe] = useState<string>('');
  const current = effectiveView(view, pixels, size);

  useImageCanvas(canvasRef, { pixels, window, invert, view: current, size });
  useWheelZoom(stageRef, current, onView);

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
