import { parseColor, type Rgb } from './colors';

/** A co-segmentation label map as the API sends it: base64 of rows·cols bytes, 0 = background, 1..K = parts. */
export interface EncodedLabels {
  readonly rows: number;
  readonly cols: number;
  readonly base64: string;
}

export function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function decodeLabels(labels: EncodedLabels): Uint8Array {
  const bytes = decodeBase64(labels.base64);
  const n = labels.rows * labels.cols;
  if (bytes.length !== n) throw new RangeError(`A ${labels.rows}×${labels.cols} label map needs ${n} bytes, it has ${bytes.length}.`);
  return bytes;
}

export interface PartStyle {
  readonly index: number;
  readonly color: string;
}

/** Part index → colour, for the parts that are shown; a colour the page cannot read falls back to grey. */
export function partColors(parts: readonly PartStyle[], visible: (index: number) => boolean): Map<number, Rgb> {
  const colors = new Map<number, Rgb>();
  for (const p of parts) if (p.index > 0 && visible(p.index)) colors.set(p.index, parseColor(p.color) ?? [128, 128, 128]);
  return colors;
}

/** Label bytes → RGBA pixels: shown parts opaque in their colour; background, hidden and unknown labels transparent. */
export function labelsRgba(labels: Uint8Array, colors: ReadonlyMap<number, Rgb>): Uint8ClampedArray {
  const out = new Uint8ClampedArray(labels.length * 4);
  for (let i = 0; i < labels.length; i++) {
    const rgb = colors.get(labels[i]!);
    if (!rgb) continue;
    out[i * 4] = rgb[0];
    out[i * 4 + 1] = rgb[1];
    out[i * 4 + 2] = rgb[2];
    out[i * 4 + 3] = 255;
  }
  return out;
}
