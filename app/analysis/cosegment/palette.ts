/**
 * Part colours: the first five are those of the dino-vit-features part co-segmentation figures (spec §5.2: red,
 * yellow, blue, lime, darkviolet), continued with other well-separated named colours.
 */
export const PART_COLORS: readonly string[] = [
  '#ff0000', // red
  '#ffff00', // yellow
  '#0000ff', // blue
  '#00ff00', // lime
  '#9400d3', // darkviolet
  '#ffa500', // orange
  '#00ffff', // cyan
  '#ff00ff', // magenta
  '#8b4513', // saddlebrown
  '#008080', // teal
  '#ff69b4', // hotpink
  '#808000', // olive
];

export const MAX_PARTS = PART_COLORS.length;

export interface PartLegend {
  /** Label value in the maps (1..K; 0 is background). */
  readonly index: number;
  readonly name: string;
  readonly color: string;
}

export function partLegend(parts: number): PartLegend[] {
  return Array.from({ length: parts }, (_, i) => ({ index: i + 1, name: `part ${i + 1}`, color: PART_COLORS[i]! }));
}
