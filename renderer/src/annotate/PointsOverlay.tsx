import type { Size, Viewport } from '../data/viewer/viewport';
import { originalToScreen, type Frame, type Point } from './coords';
import type { SuggestedPoint } from './landmarks';
import type { StagePoint } from './AnnotatorStage';

/** What is drawn over the image, in which frame and view: shared by the overlay and the loupe. */
export interface Scene {
  readonly frame: Frame;
  readonly view: Viewport;
  readonly points: readonly StagePoint[];
  readonly current: number;
  /** A point or ghost being dragged ("ghost:<id>" for ghosts), drawn where the pointer is. */
  readonly dragPos: { key: string; p: Point } | null;
}

interface PointsOverlayProps {
  readonly size: Size;
  readonly scene: Scene;
  readonly ghosts: readonly SuggestedPoint[];
  readonly showLabels: boolean;
}

/** Placed points (squares when locked), the current one ringed, and suggestion ghosts with their confidence. */
export function PointsOverlay({ size, scene, ghosts, showLabels }: PointsOverlayProps) {
  const { frame, view, points, current, dragPos } = scene;
  const at = (key: string, p: Point) => originalToScreen(dragPos?.key === key ? dragPos.p : p, frame, view);
  const byId = new Map(points.map((sp) => [sp.point.id, sp.point]));
  return (
    <svg className="points-overlay" width={size.width} height={size.height} aria-hidden="true">
      {ghosts.map((g) => {
        const s = at(`ghost:${g.landmark}`, g);
        const point = byId.get(g.landmark);
        const r = Math.min(48, Math.max(7, g.radius * (frame.cache.width / frame.original.width) * view.scale));
        return (
          <g key={`ghost-${g.landmark}`} className="ghost" data-landmark={g.landmark}>
            <circle cx={s.x} cy={s.y} r={r} stroke={point?.colour ?? '#fff'} className="ghost-spread" />
            <circle cx={s.x} cy={s.y} r={4} stroke={point?.colour ?? '#fff'} className="ghost-dot" />
            {showLabels && (
              <text x={s.x + 8} y={s.y - 6} className="point-label ghost-label">
                {point?.name ?? g.landmark} · {Math.round(g.confidence * 100)}%
              </text>
            )}
          </g>
        );
      })}
      {points.map(({ point, value }, i) => {
        if (value.state !== 'placed' || value.x === null || value.y === null) return null;
        const s = at(value.landmark, { x: value.x, y: value.y });
        const isCurrent = i === current;
        return (
          <g key={value.landmark} className={isCurrent ? 'point current' : 'point'} data-landmark={value.landmark}>
            {isCurrent && <circle cx={s.x} cy={s.y} r={10} className="point-ring" />}
            {value.locked ? (
              <rect x={s.x - 4.5} y={s.y - 4.5} width={9} height={9} fill={point.colour} className="point-mark" />
            ) : (
              <circle cx={s.x} cy={s.y} r={4.5} fill={point.colour} className="point-mark" />
            )}
            {showLabels && (
              <text x={s.x + 8} y={s.y - 6} className="point-label">
                {point.name}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
