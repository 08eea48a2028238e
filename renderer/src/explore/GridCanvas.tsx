import { useLayoutEffect, useRef } from 'react';

interface GridCanvasProps {
  readonly rows: number;
  readonly cols: number;
  /** rows·cols RGBA pixels. */
  readonly rgba: Uint8ClampedArray;
  readonly opacity: number;
  /** Nearest-neighbour scaling keeps label boundaries crisp; heat maps are smoothed. */
  readonly crisp?: boolean;
  readonly className?: string;
  readonly testId?: string;
  /** The part of the image box the grid covers, as fractions of its width and height (default: all of it). */
  readonly placement?: { readonly left: number; readonly top: number; readonly width: number; readonly height: number };
}

/** A small grid of RGBA pixels (a heat map, a label map) stretched over the image box or the part it covers. */
export function GridCanvas({ rows, cols, rgba, opacity, crisp, className, testId, placement }: GridCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const canvas = ref.current;
    if (!canvas || rows <= 0 || cols <= 0) return;
    canvas.width = cols;
    canvas.height = rows;
    const data = new ImageData(cols, rows);
    data.data.set(rgba);
    canvas.getContext('2d')!.putImageData(data, 0, 0);
  }, [rows, cols, rgba]);
  return (
    <canvas
      ref={ref}
      className={`explore-image-layer grid-layer${crisp ? ' crisp' : ''}${className ? ` ${className}` : ''}`}
      style={
        placement
          ? { opacity, left: `${100 * placement.left}%`, top: `${100 * placement.top}%`, width: `${100 * placement.width}%`, height: `${100 * placement.height}%` }
          : { opacity }
      }
      aria-hidden="true"
      data-testid={testId}
      data-rows={rows}
      data-cols={cols}
    />
  );
}
