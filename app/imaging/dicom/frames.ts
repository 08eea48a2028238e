import type { DataSet, Element } from 'dicom-parser';
import { fail } from '../errors';
import type { PixelModule } from './attributes';

/**
 * Getting the bytes of one frame out of Pixel Data, native or encapsulated, with every length checked against the
 * file so truncated files fail with numbers instead of reading past the end.
 */

/** Bytes of one native frame. Uncompressed YBR_FULL_422 stores 2 samples per pixel (Y0 Y1 Cb Cr per pixel pair), not 3. */
export function nativeFrameBytes(pixel: PixelModule): number {
  const samples = pixel.samplesPerPixel === 3 && pixel.photometric === 'YBR_FULL_422' ? 2 : pixel.samplesPerPixel;
  return pixel.rows * pixel.columns * samples * (pixel.bitsAllocated / 8);
}

/**
 * Native frame `index` as a fresh, aligned little-endian buffer (a copy: the decoder masks in place and the
 * file buffer may be unaligned). Big-endian files are byte-swapped per sample here.
 */
export function readNativeFrame(ds: DataSet, element: Element, pixel: PixelModule, index: number, bigEndian: boolean): Uint8Array {
  const frameBytes = nativeFrameBytes(pixel);
  const needed = frameBytes * pixel.numberOfFrames;
  const available = Math.min(element.length, ds.byteArray.length - element.dataOffset);
  if (available < needed) {
    fail(
      `Pixel Data (7FE0,0010) holds ${available} bytes but ${pixel.numberOfFrames} frame(s) of ${pixel.rows} × ${pixel.columns} ` +
        `(${pixel.samplesPerPixel} sample(s), ${pixel.bitsAllocated} bits allocated) need ${needed}`,
    );
  }
  const start = element.dataOffset + index * frameBytes;
  const out = new Uint8Array(frameBytes);
  out.set(ds.byteArray.subarray(start, start + frameBytes));
  if (bigEndian && pixel.bitsAllocated > 8) swapBytes(out, pixel.bitsAllocated / 8);
  return out;
}

function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 2) {
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const t = bytes[i]!;
      bytes[i] = bytes[i + 1]!;
      bytes[i + 1] = t;
    }
  } else {
    for (let i = 0; i + 3 < bytes.length; i += 4) {
      const a = bytes[i]!;
      const b = bytes[i + 1]!;
      bytes[i] = bytes[i + 3]!;
      bytes[i + 1] = bytes[i + 2]!;
      bytes[i + 2] = b;
      bytes[i + 3] = a;
    }
  }
}

/** Second byte of the marker every frame's codestream starts with: JPEG SOI (FFD8) or JPEG 2000 SOC (FF4F). */
export type FrameStartMarker = 0xd8 | 0x4f | undefined;

/**
 * The codestream of encapsulated frame `index` (PS3.5 A.4). Fragments are grouped by the Basic Offset Table when it has
 * one entry per frame; otherwise one fragment per frame when the counts match, all fragments when there is one frame,
 * or by finding each frame's start marker.
 */
export function readEncapsulatedFrame(ds: DataSet, element: Element, frames: number, index: number, frameStart: FrameStartMarker): Uint8Array {
  const fragments = element.fragments ?? [];
  if (fragments.length === 0) fail('encapsulated Pixel Data (7FE0,0010) has no fragments');
  for (const [i, f] of fragments.entries()) {
    if (f.position + f.length > ds.byteArray.length) {
      fail(`Pixel Data fragment ${i + 1} declares ${f.length} bytes but the file ends ${f.position + f.length - ds.byteArray.length} bytes short`);
    }
  }
  const groups = groupFragments(ds, element, frames, frameStart);
  const group = groups[index];
  if (!group || group.length === 0) fail(`frame ${index + 1} has no data (${groups.length} frame(s) found in the fragments)`);
  if (group.length === 1) {
    const f = fragments[group[0]!]!;
    return ds.byteArray.subarray(f.position, f.position + f.length);
  }
  const total = group.reduce((sum, g) => sum + fragments[g]!.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const g of group) {
    const f = fragments[g]!;
    out.set(ds.byteArray.subarray(f.position, f.position + f.length), o);
    o += f.length;
  }
  return out;
}

/** For each frame, the indices of its fragments. */
function groupFragments(ds: DataSet, element: Element, frames: number, frameStart: FrameStartMarker): number[][] {
  const fragments = element.fragments ?? [];
  const all = fragments.map((_, i) => i);
  const bot = element.basicOffsetTable ?? [];
  if (frames === 1) return [all];
  if (bot.length === frames) {
    return bot.map((start, i) => {
      const end = bot[i + 1] ?? Infinity;
      return all.filter((j) => fragments[j]!.offset >= start && fragments[j]!.offset < end);
    });
  }
  if (fragments.length === frames) return all.map((i) => [i]);
  if (frameStart !== undefined) {
    // A fragment that starts with the codestream's start marker opens a new frame.
    const groups: number[][] = [];
    for (const i of all) {
      const f = fragments[i]!;
      const startsFrame = ds.byteArray[f.position] === 0xff && ds.byteArray[f.position + 1] === frameStart;
      if (startsFrame || groups.length === 0) groups.push([i]);
      else groups.at(-1)!.push(i);
    }
    if (groups.length === frames) return groups;
  }
  fail(`cannot tell which of the ${fragments.length} fragments belong to which of the ${frames} frames (no usable Basic Offset Table)`);
}
