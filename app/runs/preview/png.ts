import sharp from 'sharp';

const clampByte = (v: number): number => Math.max(0, Math.min(255, Math.round(v)));

/** 8-bit PNG of `channels`-interleaved values already in 0..255 (1: grey, 3: RGB). */
export function encodePng(values: ArrayLike<number>, width: number, height: number, channels: 1 | 3): Promise<Buffer> {
  if (values.length !== width * height * channels) throw new RangeError(`${values.length} values for a ${width}×${height}×${channels} PNG`);
  const bytes = Buffer.from(Uint8Array.from({ length: values.length }, (_, i) => clampByte(values[i] ?? 0)));
  return sharp(bytes, { raw: { width, height, channels } }).png().toBuffer();
}

/** [n, 3] colours in [0, 1] as an RGB PNG. */
export const rgbPng = (rgb: Float32Array, width: number, height: number): Promise<Buffer> => encodePng(rgb.map((v) => v * 255), width, height, 3);

export const dataUrl = (png: Buffer): string => `data:image/png;base64,${png.toString('base64')}`;
