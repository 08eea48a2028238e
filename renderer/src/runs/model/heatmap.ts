/** Colour stops of a perceptually ordered dark-to-bright map (an approximation of matplotlib's inferno). */
const STOPS: readonly (readonly [number, number, number])[] = [
  [0, 0, 4],
  [87, 16, 110],
  [188, 55, 84],
  [249, 142, 9],
  [252, 255, 164],
];

/** RGB of t in [0, 1] (clamped), interpolated linearly between the stops. */
export function heatColor(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(u));
  const f = u - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

/**
 * RGBA pixels of a similarity map, min–max scaled so the structure shows whatever the model's similarity range.
 * A constant map is drawn at its top colour.
 */
export function heatmapRgba(values: readonly number[], alpha = 255): Uint8ClampedArray<ArrayBuffer> {
  const lo = Math.min(...values);
  const span = Math.max(...values) - lo;
  const out = new Uint8ClampedArray(values.length * 4);
  values.forEach((v, i) => {
    const [r, g, b] = heatColor(span > 0 ? (v - lo) / span : 1);
    out.set([r, g, b, alpha], i * 4);
  });
  return out;
}
