/**
 * Distinct colours for template points, in the order new points take them. Kelly's maximum-contrast set (minus
 * white, black and the greys that vanish on a radiograph), so neighbouring points never look alike on gray images.
 */
export const POINT_PALETTE: readonly string[] = [
  '#f3c300', '#875692', '#f38400', '#a1caf1', '#be0032', '#c2b280', '#008856', '#e68fac', '#0067a5', '#f99379',
  '#604e97', '#f6a600', '#b3446c', '#dcd300', '#882d17', '#8db600', '#654522', '#e25822', '#2b3d26', '#00b5c8',
];

/** The colour of the i-th point; cycles (with a shade change) past the palette so every index gets a colour. */
export function paletteColour(index: number): string {
  const base = POINT_PALETTE[index % POINT_PALETTE.length]!;
  const round = Math.floor(index / POINT_PALETTE.length);
  if (round === 0) return base;
  const shade = (c: number) => Math.max(0, Math.min(255, Math.round(c * (round % 2 === 1 ? 0.7 : 1.15))));
  const [r, g, b] = [1, 3, 5].map((i) => shade(parseInt(base.slice(i, i + 2), 16)));
  return `#${[r, g, b].map((c) => c!.toString(16).padStart(2, '0')).join('')}`;
}
