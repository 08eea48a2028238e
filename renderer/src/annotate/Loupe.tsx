import { useLayoutEffect, useRef } from 'react';
import type { Size } from '../data/viewer/viewport';
import { originalToCache, type Point } from './coords';
import type { Scene } from './PointsOverlay';

/** Loupe size (CSS px) and how much more it magnifies than the stage. */
export const LOUPE_SIZE = 168;
export const LOUPE_FACTOR = 4;

interface LoupeProps {
  /** Display grays at cache resolution (the stage's offscreen canvas). */
  readonly source: HTMLCanvasElement;
  readonly stage: Size;
  /** The pointer on the stage. */
  readonly pointer: Point;
  readonly scene: Scene;
}

/** Where the loupe sits: up and right of the pointer, flipped to stay on the stage. */
export function loupePosition(pointer: Point, stage: Size, size = LOUPE_SIZE, gap = 24): Point {
  let x = pointer.x + gap;
  let y = pointer.y - gap - size;
  if (x + size > stage.width) x = pointer.x - gap - size;
  if (y < 0) y = pointer.y + gap;
  return { x: Math.max(0, x), y: Math.max(0, y) };
}

/**
 * A magnifier next to the pointer: the cache pixels around it at LOUPE_FACTOR × the stage's zoom (as squares), the
 * points in that area, and a crosshair on the exact spot a click would place.
 */
export function Loupe({ source, stage, pointer, scene }: LoupeProps) {
  const { frame, view, points, current, dragPos } = scene;
  const ref = useRef<HTMLCanvasElement>(null);
  const scale = view.scale * LOUPE_FACTOR;
  useLayoutEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const dpr = globalThis.devicePixelRatio || 1;
    const px = Math.round(LOUPE_SIZE * dpr);
    if (canvas.width !== px) canvas.width = px;
    if (canvas.height !== px) canvas.height = px;
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, LOUPE_SIZE, LOUPE_SIZE);
    // The cache edge coordinate under the pointer, at the loupe's centre.
    const cx = (pointer.x - view.x) / view.scale;
    const cy = (pointer.y - view.y) / view.scale;
    const half = LOUPE_SIZE / 2;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(source, half - cx * scale, half - cy * scale, source.width * scale, source.height * scale);
    for (const [i, { point, value }] of points.entries()) {
      if (value.state !== 'placed' || value.x === null || value.y === null) continue;
      const p = dragPos?.key === value.landmark ? dragPos.p : { x: value.x, y: value.y };
      const c = originalToCache(p, frame);
      const sx = half + (c.x + 0.5 - cx) * scale;
      const sy = half + (c.y + 0.5 - cy) * scale;
      if (sx < -10 || sy < -10 || sx > LOUPE_SIZE + 10 || sy > LOUPE_SIZE + 10) continue;
      ctx.beginPath();
      ctx.arc(sx, sy, i === current ? 6 : 4.5, 0, Math.PI * 2);
      ctx.fillStyle = point.colour;
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#000';
      ctx.stroke();
    }
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(half, half - 14);
    ctx.lineTo(half, half - 4);
    ctx.moveTo(half, half + 4);
    ctx.lineTo(half, half + 14);
    ctx.moveTo(half - 14, half);
    ctx.lineTo(half - 4, half);
    ctx.moveTo(half + 4, half);
    ctx.lineTo(half + 14, half);
    ctx.stroke();
  });
  const at = loupePosition(pointer, stage);
  return <canvas ref={ref} className="loupe" style={{ left: at.x, top: at.y, width: LOUPE_SIZE, height: LOUPE_SIZE }} aria-hidden="true" />;
}
