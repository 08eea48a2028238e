export type Rgb = readonly [number, number, number];

/** Best-buddy pair colours, in the order of the published figures (spec §5.1), then tab10 beyond 15 pairs. */
export const PAIR_COLORS = [
  'red',
  'yellow',
  'blue',
  'lime',
  'magenta',
  'indigo',
  'orange',
  'cyan',
  'darkgreen',
  'maroon',
  'black',
  'white',
  'chocolate',
  'gray',
  'blueviolet',
] as const;

const TAB10 = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** The colour of pair i (0-based). */
export function pairColor(i: number): string {
  return i < PAIR_COLORS.length ? PAIR_COLORS[i]! : TAB10[(i - PAIR_COLORS.length) % TAB10.length]!;
}

/** One colour per landmark in scatter plots: tab10, then a golden-angle hue walk so 50 landmarks stay distinct. */
export function categoryColor(i: number): string {
  if (i < TAB10.length) return TAB10[i]!;
  const hue = Math.round((i * 137.508) % 360);
  return `hsl(${hue} 65% 45%)`;
}

/** The CSS colour names of the published figures (spec §5), so label maps can be painted without a DOM. */
const NAMED: Readonly<Record<string, Rgb>> = {
  black: [0, 0, 0],
  white: [255, 255, 255],
  red: [255, 0, 0],
  lime: [0, 255, 0],
  green: [0, 128, 0],
  darkgreen: [0, 100, 0],
  blue: [0, 0, 255],
  yellow: [255, 255, 0],
  cyan: [0, 255, 255],
  magenta: [255, 0, 255],
  indigo: [75, 0, 130],
  orange: [255, 165, 0],
  maroon: [128, 0, 0],
  chocolate: [210, 105, 30],
  gray: [128, 128, 128],
  blueviolet: [138, 43, 226],
  darkviolet: [148, 0, 211],
  purple: [128, 0, 128],
  brown: [165, 42, 42],
  teal: [0, 128, 128],
  olive: [128, 128, 0],
};

/** "#f80", "#ff8800", "rgb(255, 136, 0)" or one of the names above → [r, g, b]; null for anything else. */
export function parseColor(css: string): Rgb | null {
  const text = css.trim().toLowerCase();
  const named = NAMED[text];
  if (named) return named;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    return [parseInt(full.slice(0, 2), 16), parseInt(full.slice(2, 4), 16), parseInt(full.slice(4, 6), 16)];
  }
  const rgb = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*[\d.]+\s*)?\)$/.exec(text);
  if (rgb) {
    const channels = [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] as const;
    return channels.every((c) => c <= 255) ? channels : null;
  }
  return null;
}
