import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useImageCanvas, useWheelZoom, type Picture } from '../data/viewer/useImageCanvas';
import type { Tool } from '../data/viewer/ViewerStage';
import { panBy, type Viewport } from '../data/viewer/viewport';
import { dragWindow, type Window } from '../data/viewer/windowLevel';
import { insideOriginal, originalToScreen, screenDistance, screenToOriginal, type Frame, type Point } from './coords';
import type { LandmarkValue, SuggestedPoint, TemplatePoint } from './landmarks';
import { Loupe } from './Loupe';
import { PointsOverlay, type Scene } from './PointsOverlay';

export interface StagePoint {
  readonly point: TemplatePoint;
  readonly value: LandmarkValue;
}

interface AnnotatorStageProps {
  readonly picture: Picture;
  readonly frame: Frame;
  readonly tool: Tool;
  readonly points: readonly StagePoint[];
  readonly current: number;
  readonly ghosts: readonly SuggestedPoint[];
  readonly showLabels: boolean;
  readonly loupe: boolean;
  readonly label: string;
  /** Click on the image: place the current landmark there (original frame, continuous). */
  onPlace(p: Point): void;
  /** A placed point dragged to a new position. */
  onMove(index: number, p: Point): void;
  onSelect(index: number): void;
  /** A ghost clicked (at its suggestion) or dragged (where dropped). */
  onAcceptGhost(ghost: SuggestedPoint, p: Point): void;
  onWindow(window: Window): void;
  onView(view: Viewport): void;
  onFit(): void;
}

type Drag =
  | { readonly mode: 'press'; readonly pointerId: number; readonly x: number; readonly y: number; readonly view: Viewport }
  | { readonly mode: 'pan'; readonly pointerId: number; readonly x: number; readonly y: number; readonly view: Viewport }
  | { readonly mode: 'window'; readonly pointerId: number; readonly x: number; readonly y: number; readonly window: Window }
  | { readonly mode: 'point'; readonly pointerId: number; readonly x: number; readonly y: number; readonly index: number }
  | { readonly mode: 'ghost'; readonly pointerId: number; readonly x: number; readonly y: number; readonly ghost: SuggestedPoint };

/** How near (CSS px) the pointer must be to grab a point. */
const GRAB_RADIUS = 9;
/** Movement (CSS px) below which a press is a click. */
const CLICK_SLOP = 4;

/**
 * The annotator's image: the canvas (shared painting with the Data viewer), the points and ghosts over it, and the
 * mouse. Place tool: click places the current landmark, dragging a point moves it, dragging a ghost accepts it, dragging
 * elsewhere pans. Right button: window/level. Middle button: pan. Wheel: zoom at the cursor.
 */
export function AnnotatorStage(props: AnnotatorStageProps) {
  const { picture, frame, tool, points, ghosts } = props;
  const { size, pixels, window, view } = picture;
  const stageRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drag = useRef<Drag | null>(null);
  const [dragMode, setDragMode] = useState<Drag['mode'] | null>(null);
  // Where a dragged point or ghost is while the button is down (original frame).
  const [dragPos, setDragPosState] = useState<{ key: string; p: Point } | null>(null);
  // The pointer-up handler may run before a render with the last move; it reads the ref.
  const dragPosRef = useRef<{ key: string; p: Point } | null>(null);
  const setDragPos = (next: { key: string; p: Point } | null) => {
    dragPosRef.current = next;
    setDragPosState(next);
  };
  const [pointer, setPointer] = useState<Point | null>(null);
  const offscreen = useImageCanvas(canvasRef, picture);
  useWheelZoom(stageRef, view, props.onView);

  const local = (e: { clientX: number; clientY: number }): Point => {
    const rect = stageRef.current!.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };

  const hitPoint = (s: Point): number => {
    let best = -1;
    let bestD = GRAB_RADIUS;
    points.forEach(({ value }, i) => {
      if (value.state !== 'placed' || value.x === null || value.y === null) return;
      const d = screenDistance(s, originalToScreen({ x: value.x, y: value.y }, frame, view));
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    });
    return best;
  };

  const hitGhost = (s: Point): SuggestedPoint | undefined =>
    ghosts.find((g) => screenDistance(s, originalToScreen(g, frame, view)) <= GRAB_RADIUS);

  const begin = (e: ReactPointerEvent<HTMLDivElement>, d: Drag) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = d;
    setDragMode(d.mode);
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.button > 2) return;
    e.preventDefault();
    stageRef.current?.parentElement?.focus();
    const s = local(e);
    const base = { pointerId: e.pointerId, x: e.clientX, y: e.clientY };
    if (e.button === 1 || (e.button === 0 && tool === 'pan')) return begin(e, { mode: 'pan', ...base, view });
    if (e.button === 2 || tool === 'window') return begin(e, { mode: 'window', ...base, window });
    const hit = hitPoint(s);
    if (hit >= 0) return begin(e, { mode: 'point', ...base, index: hit });
    const ghost = hitGhost(s);
    if (ghost) return begin(e, { mode: 'ghost', ...base, ghost });
    begin(e, { mode: 'press', ...base, view });
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const s = local(e);
    setPointer(s);
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    const far = Math.hypot(dx, dy) >= CLICK_SLOP;
    switch (d.mode) {
      case 'press':
        if (far) {
          drag.current = { ...d, mode: 'pan' };
          setDragMode('pan');
          props.onView(panBy(d.view, dx, dy));
        }
        return;
      case 'pan':
        return props.onView(panBy(d.view, dx, dy));
      case 'window':
        return props.onWindow(dragWindow(d.window, dx, dy, pixels.bits));
      case 'point':
        if (points[d.index]?.value.locked) return;
        if (far || dragPosRef.current) setDragPos({ key: points[d.index]!.value.landmark, p: screenToOriginal(s, frame, view) });
        return;
      case 'ghost':
        if (far || dragPosRef.current) setDragPos({ key: `ghost:${d.ghost.landmark}`, p: screenToOriginal(s, frame, view) });
        return;
    }
  };

  const finish = (e: ReactPointerEvent<HTMLDivElement>, cancelled: boolean) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    drag.current = null;
    setDragMode(null);
    const moved = dragPosRef.current;
    setDragPos(null);
    if (cancelled) return;
    const s = local(e);
    const p = screenToOriginal(s, frame, view);
    if (d.mode === 'press') {
      if (insideOriginal(p, frame.original)) props.onPlace(p);
    } else if (d.mode === 'point') {
      if (moved && !points[d.index]?.value.locked && insideOriginal(p, frame.original)) props.onMove(d.index, p);
      else if (!moved) props.onSelect(d.index);
    } else if (d.mode === 'ghost') {
      if (moved && insideOriginal(p, frame.original)) props.onAcceptGhost(d.ghost, p);
      else if (!moved) props.onAcceptGhost(d.ghost, d.ghost);
    }
  };

  const scene: Scene = { frame, view, points, current: props.current, dragPos };
  const showLoupe = props.loupe && pointer !== null && tool === 'place' && (dragMode === null || dragMode === 'point' || dragMode === 'ghost');
  const cursor = dragMode === 'pan' ? 'grabbing' : tool === 'pan' ? 'grab' : dragMode === 'point' || dragMode === 'ghost' ? 'move' : 'crosshair';

  return (
    <div
      ref={stageRef}
      className="viewer-surface annotator-surface"
      style={{ cursor }}
      data-testid="annotator-surface"
      data-scale={view.scale}
      data-x={view.x}
      data-y={view.y}
      data-cache-width={pixels.width}
      data-cache-height={pixels.height}
      onMouseDown={(e) => {
        if (e.button === 1) e.preventDefault();
      }}
      onContextMenu={(e) => e.preventDefault()}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={(e) => finish(e, false)}
      onPointerCancel={(e) => finish(e, true)}
      onPointerLeave={() => setPointer(null)}
      onDoubleClick={props.onFit}
    >
      <canvas ref={canvasRef} className="viewer-canvas" role="img" aria-label={props.label} style={{ width: size.width, height: size.height }} />
      <PointsOverlay size={size} scene={scene} ghosts={ghosts} showLabels={props.showLabels} />
      {showLoupe && <Loupe source={offscreen} stage={size} pointer={pointer} scene={scene} />}
    </div>
  );
}
