import { fail } from '../../errors';

/**
 * DICOM RLE Lossless (PS3.5 Annex G). A 64-byte header lists up to 15 segments; each segment is one byte plane
 * (most significant byte first, sample by sample) compressed with PackBits. Output: little-endian samples,
 * interleaved pixel by pixel, ready to be viewed as Uint8Array / Uint16Array / Uint32Array.
 */
export function decodeRle(data: Uint8Array, pixels: number, samplesPerPixel: number, bytesPerSample: number): Uint8Array {
  if (data.length < 64) fail(`RLE frame is ${data.length} bytes, shorter than its 64-byte header`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const segmentCount = view.getUint32(0, true);
  const expected = samplesPerPixel * bytesPerSample;
  if (segmentCount !== expected) {
    fail(`RLE header lists ${segmentCount} segments, but ${samplesPerPixel} sample(s) of ${bytesPerSample} byte(s) need ${expected}`);
  }
  const out = new Uint8Array(pixels * expected);
  const plane = new Uint8Array(pixels);
  for (let s = 0; s < segmentCount; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segmentCount ? view.getUint32(8 + 4 * s, true) : data.length;
    if (start < 64 || start > end || end > data.length) fail(`RLE segment ${s + 1} has offsets ${start}–${end} outside the ${data.length}-byte frame`);
    const produced = unpackBits(data, start, end, plane);
    if (produced < pixels) fail(`RLE segment ${s + 1} decodes to ${produced} bytes, expected ${pixels} (data truncated)`);
    // Segment order: sample 0 MSB … LSB, sample 1 MSB … ; little-endian output puts the MSB last.
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample);
    const stride = expected;
    let o = sample * bytesPerSample + byteInSample;
    for (let i = 0; i < pixels; i++, o += stride) out[o] = plane[i]!;
  }
  return out;
}

/** PackBits: header n ≥ 0 copies n+1 literal bytes, n in [−127, −1] repeats the next byte 1−n times, −128 is a no-op. Returns bytes written. */
function unpackBits(src: Uint8Array, start: number, end: number, dst: Uint8Array): number {
  let i = start;
  let o = 0;
  const cap = dst.length;
  while (i < end && o < cap) {
    const n = src[i++]!;
    if (n < 128) {
      const count = Math.min(n + 1, end - i, cap - o);
      dst.set(src.subarray(i, i + count), o);
      i += n + 1;
      o += count;
    } else if (n > 128) {
      if (i >= end) break;
      const count = Math.min(257 - n, cap - o);
      dst.fill(src[i++]!, o, o + count);
      o += count;
    }
  }
  return o;
}
