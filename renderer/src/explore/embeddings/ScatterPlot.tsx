import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { EmbeddingOutput } from '../../../../app/api/schemas/explore';
import { useElementSize } from '../../data/browse/useElementSize';
import { fitScatter, nearestPoint } from '../model/scatter';

type EmbeddedPoint = EmbeddingOutput['points'][number];

const HEIGHT = 440;
const RADIUS = 3.5;
const HOVER_RADIUS = 8;

interface ScatterPlotProps {
  readonly points: readonly EmbeddedPoint[];
  /** Colour of each landmark. */
  readonly colors: ReadonlyMap<string, string>;
  readonly label: string;
  onHover(index: number): void;
}

/** Thousands of points on a canvas: filled for patches as they are, hollow for mirrored ones; hover picks the nearest. */
export function ScatterPlot({ points, colors, label, onHover }: ScatterPlotProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { width } = useElementSize(boxRef);
  const [hover, setHover] = useState(-1);
  const screen = useMemo(() => fitScatter(points, { width, height: HEIGHT }), [points, width]);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width <= 0) return;
    const dpr = globalThis.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(HEIGHT * dpr);
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    ctx.globalAlpha = 0.75;
    ctx.lineWidth = 1.5;
    points.forEach((p, i) => {
      const color = colors.get(p.landmark) ?? '#5f6b7a';
      ctx.beginPath();
      ctx.arc(screen.xs[i]!, screen.ys[i]!, RADIUS, 0, 2 * Math.PI);
      if (p.flipped) {
        ctx.strokeStyle = color;
        ctx.stroke();
      } else {
        ctx.fillStyle = color;
        ctx.fill();
      }
    });
    ctx.globalAlpha = 1;
    if (hover >= 0) {
      ctx.beginPath();
      ctx.arc(screen.xs[hover]!, screen.ys[hover]!, RADIUS + 3, 0, 2 * Math.PI);
      ctx.strokeStyle = '#1d232b';
      ctx.lineWidth = 2;
      ctx.stroke();
    }
  }, [points, colors, screen, width, hover]);

  const move = (clientX: number, clientY: number) => {
    const rect = canvasRef.current?.getBoundingClientRect();
    if (!rect) return;
    const i = nearestPoint(screen.xs, screen.ys, clientX - rect.left, clientY - rect.top, HOVER_RADIUS);
    if (i !== hover) {
      setHover(i);
      onHover(i);
    }
  };

  return (
    <div ref={boxRef} className="scatter">
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={label}
        style={{ width, height: HEIGHT }}
        data-points={points.length}
        onPointerMove={(e) => move(e.clientX, e.clientY)}
        onPointerLeave={() => {
          setHover(-1);
          onHover(-1);
        }}
      />
    </div>
  );
}
