import { PIXEL_HEADERS } from '../../api/media';
import type { CacheUnits } from './windowLevel';

/** The working-resolution cache of one image, as the host serves it at /media/pixels/<id>. */
export interface CachedPixels extends CacheUnits {
  readonly width: number;
  readonly height: number;
  readonly samples: Uint8Array | Uint16Array;
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function numberHeader(headers: { get(name: string): string | null }, name: string): number {
  const raw = headers.get(name);
  const value = raw === null || raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(value)) throw new Error(`The pixel response lacks a valid ${name} header.`);
  return value;
}

/** Raw little-endian samples plus the headers that describe them → typed samples and their units. */
export function parsePixels(body: ArrayBuffer, headers: { get(name: string): string | null }): CachedPixels {
  const width = numberHeader(headers, PIXEL_HEADERS.width);
  const height = numberHeader(headers, PIXEL_HEADERS.height);
  const bitsValue = numberHeader(headers, PIXEL_HEADERS.bits);
  if (bitsValue !== 8 && bitsValue !== 16) throw new Error(`Unsupported cache bit depth ${bitsValue}.`);
  const bits = bitsValue as 8 | 16;
  const lo = numberHeader(headers, PIXEL_HEADERS.lo);
  const hi = numberHeader(headers, PIXEL_HEADERS.hi);
  const inverted = headers.get(PIXEL_HEADERS.inverted) === 'true';
  const count = width * height;
  const expected = count * (bits / 8);
  if (body.byteLength < expected) {
    throw new Error(`The pixel response has ${body.byteLength} bytes; ${width}×${height} at ${bits} bits needs ${expected}.`);
  }
  let samples: Uint8Array | Uint16Array;
  if (bits === 8) samples = new Uint8Array(body, 0, count);
  else if (littleEndianHost) samples = new Uint16Array(body, 0, count);
  else {
    const view = new DataView(body);
    samples = new Uint16Array(count);
    for (let i = 0; i < count; i++) samples[i] = view.getUint16(i * 2, true);
  }
  return { width, height, bits, lo, hi, inverted, samples };
}
