import type { PixelFormat, StoredArray } from '../types';

/**
 * Step 1 of the DICOM pixel pipeline (PS3.5 §8.1.1): keep the Bits Stored bits that end at High Bit and,
 * for Pixel Representation 1, sign-extend them. Works IN PLACE on the raw samples' buffer (no per-image copy)
 * and returns a view of the right signedness. Bits outside the stored range (overlays in old files, garbage)
 * are dropped here, so everything downstream can trust the value range in `PixelFormat`.
 */
export function toStoredValues(raw: StoredArray, format: PixelFormat): StoredArray {
  const { bitsAllocated, bitsStored, highBit, signed } = format;
  const shift = highBit + 1 - bitsStored;
  const out = viewAs(raw, bitsAllocated, signed);
  const n = out.length;
  if (bitsStored >= 32) return out; // nothing to mask; the view already carries the signedness
  if (signed) {
    // Move the sign bit to bit 31 and shift back arithmetically: one op per sample, no branches.
    const up = 31 - highBit;
    const down = 32 - bitsStored;
    for (let i = 0; i < n; i++) out[i] = (out[i]! << up) >> down;
  } else {
    const mask = bitsStored === 31 ? 0x7fffffff : (1 << bitsStored) - 1;
    if (shift === 0 && bitsStored === bitsAllocated) return out;
    for (let i = 0; i < n; i++) out[i] = (out[i]! >>> shift) & mask;
  }
  return out;
}

/** Reinterprets the same bytes with the width and signedness the format calls for. */
function viewAs(raw: StoredArray, bitsAllocated: number, signed: boolean): StoredArray {
  const { buffer, byteOffset, length } = raw;
  if (raw.BYTES_PER_ELEMENT * 8 !== bitsAllocated) {
    throw new RangeError(`raw samples are ${raw.BYTES_PER_ELEMENT * 8}-bit but Bits Allocated is ${bitsAllocated}`);
  }
  switch (bitsAllocated) {
    case 8:
      return signed ? new Int8Array(buffer, byteOffset, length) : new Uint8Array(buffer, byteOffset, length);
    case 16:
      return signed ? new Int16Array(buffer, byteOffset, length) : new Uint16Array(buffer, byteOffset, length);
    case 32:
      return signed ? new Int32Array(buffer, byteOffset, length) : new Uint32Array(buffer, byteOffset, length);
    default:
      throw new RangeError(`Bits Allocated ${bitsAllocated} is not 8, 16 or 32`);
  }
}

/** Smallest and largest value the format can hold; the LUT-based stages index tables over this range. */
export function storedRange(format: PixelFormat): { min: number; max: number } {
  const b = format.bitsStored;
  return format.signed ? { min: -(2 ** (b - 1)), max: 2 ** (b - 1) - 1 } : { min: 0, max: 2 ** b - 1 };
}

/** Small enough to tabulate every possible stored value (16 bits → 65,536 entries). */
export function isTabulable(format: PixelFormat): boolean {
  return format.bitsStored <= 16;
}
