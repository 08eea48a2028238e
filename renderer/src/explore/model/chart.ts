/** Small SVG chart arithmetic shared by the box plot and the KDE plot. */

export type Scale = (v: number) => number;

/** Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps everything to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0;
  if (span === 0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/**
 * Round tick values covering [min, max]: steps of 1, 2 or 5 × 10^k, about `target` of them, from the first multiple of
 * the step at or below min to the first at or above max (so the axis can be extended to them).
 */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max < min) [min, max] = [max, min];
  if (max === min) return [min];
  const rough = (max - min) / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const first = Math.floor(min / step + 1e-9) * step;
  const last = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  // Rounding to the step's decimals keeps 0.30000000000000004 off the axis.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let v = first; v <= last + step / 2; v += step) ticks.push(Number(v.toFixed(decimals)));
  return ticks;
}

/** An SVG path through the points (x[i], y[i]) after scaling; non-finite points break the line. */
export function linePath(xs: readonly number[], ys: readonly number[], sx: Scale, sy: Scale): string {
  const parts: string[] = [];
  let pen = false;
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${round2(sx(x))},${round2(sy(y))}`);
    pen = true;
  }
  return parts.join(' ');
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * The x range where any curve rises above `fraction` of the highest peak, so a density bunched near one end is not
 * drawn as a spike at the edge of a wide, empty axis. Null when no curve has a positive value.
 */
export function occupiedRange(curves: readonly { x: readonly number[]; y: readonly number[] }[], fraction = 0.005): { min: number; max: number } | null {
  const peak = Math.max(0, ...curves.flatMap((c) => c.y.filter(Number.isFinite)));
  if (peak <= 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const c of curves) {
    c.x.forEach((x, i) => {
      if ((c.y[i] ?? 0) > fraction * peak) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
    });
  }
  return { min, max };
}
