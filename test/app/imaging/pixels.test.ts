import { describe, expect, it } from 'vitest';
import { modalityValues } from '../../../app/imaging/pixels/modality';
import { renderDisplay } from '../../../app/imaging/pixels/render';
import { toStoredValues } from '../../../app/imaging/pixels/stored';
import { voiFunction, voiLinear, voiLinearExact, voiSigmoid } from '../../../app/imaging/pixels/voi';
import type { DecodedImage, Voi } from '../../../app/imaging/types';

describe('stored values', () => {
  it('masks Bits Stored and drops bits above High Bit', () => {
    const raw = Uint16Array.of(0xf3ff, 0x0400, 0x03ff);
    const v = toStoredValues(raw, { bitsAllocated: 16, bitsStored: 10, highBit: 9, signed: false });
    expect(Array.from(v)).toEqual([1023, 0, 1023]);
  });

  it('shifts data whose High Bit is not Bits Stored − 1', () => {
    const raw = Uint16Array.of(0x0ff0, 0x0010);
    const v = toStoredValues(raw, { bitsAllocated: 16, bitsStored: 8, highBit: 11, signed: false });
    expect(Array.from(v)).toEqual([255, 1]);
  });

  it('sign-extends two’s complement for Pixel Representation 1', () => {
    const raw = Uint16Array.of(0x0fff, 0x0800, 0x07ff, 0xf000 | 0x0001);
    const v = toStoredValues(raw, { bitsAllocated: 16, bitsStored: 12, highBit: 11, signed: true });
    expect(v).toBeInstanceOf(Int16Array);
    expect(Array.from(v)).toEqual([-1, -2048, 2047, 1]);
  });
});

describe('VOI LUT functions (PS3.3 C.11.2.1.2), closed form', () => {
  it('LINEAR uses the −0.5 / −1 offsets', () => {
    // c = 50, w = 11: below 44.5 → 0, above 54.5 → 255, centre of the ramp at 49.5
    expect(voiLinear(44.5, 50, 11, 0, 255)).toBe(0);
    expect(voiLinear(44.6, 50, 11, 0, 255)).toBeCloseTo(((44.6 - 49.5) / 10 + 0.5) * 255, 10);
    expect(voiLinear(49.5, 50, 11, 0, 255)).toBe(127.5);
    expect(voiLinear(54.5, 50, 11, 0, 255)).toBe(255);
    expect(voiLinear(54.6, 50, 11, 0, 255)).toBe(255);
  });

  it('LINEAR_EXACT has no offsets', () => {
    expect(voiLinearExact(45, 50, 10, 0, 255)).toBe(0);
    expect(voiLinearExact(50, 50, 10, 0, 255)).toBe(127.5);
    expect(voiLinearExact(52, 50, 10, 0, 255)).toBeCloseTo(0.7 * 255, 10);
    expect(voiLinearExact(55.01, 50, 10, 0, 255)).toBe(255);
  });

  it('SIGMOID follows 1 / (1 + exp(−4(x−c)/w))', () => {
    expect(voiSigmoid(50, 50, 10, 0, 255)).toBe(127.5);
    expect(voiSigmoid(55, 50, 10, 0, 255)).toBeCloseTo(255 / (1 + Math.exp(-2)), 10);
    expect(voiSigmoid(40, 50, 10, 0, 255)).toBeCloseTo(255 / (1 + Math.exp(4)), 10);
  });

  it('VOI LUTs are rescaled from their declared bit depth', () => {
    const voi: Voi = { kind: 'lut', lut: { firstMapped: 10, bits: 12, data: Uint16Array.of(0, 2048, 4095) } };
    const f = voiFunction(voi, 255);
    expect(f(0)).toBe(0);
    expect(f(11)).toBeCloseTo((2048 / 4095) * 255, 10);
    expect(f(100)).toBe(255);
  });
});

function image(frame: Uint16Array | Int16Array, more: Partial<DecodedImage> = {}): DecodedImage {
  return {
    kind: 'image',
    width: frame.length,
    height: 1,
    frameCount: 1,
    frames: [frame],
    pixel: { bitsAllocated: 16, bitsStored: 12, highBit: 11, signed: frame instanceof Int16Array },
    modalityLut: { kind: 'identity' },
    vois: [],
    invert: false,
    metadata: { format: 'dicom', photometric: 'MONOCHROME2', samplesPerPixel: 1, sourceBitDepth: 12 },
    warnings: [],
    ...more,
  };
}

describe('pipeline', () => {
  it('modality values apply rescale to signed stored values (full range kept as float)', () => {
    const img = image(Int16Array.of(-2048, 0, 2047), { modalityLut: { kind: 'rescale', slope: 0.5, intercept: -1024 } });
    expect(Array.from(modalityValues(img.frames[0]!, img.pixel, img.modalityLut))).toEqual([-2048, -1024, -0.5]);
  });

  it('modality LUT maps through the table with clamping at both ends', () => {
    const img = image(Uint16Array.of(0, 5, 6, 7, 100), { modalityLut: { kind: 'lut', lut: { firstMapped: 5, bits: 16, data: Uint16Array.of(10, 20, 30) } } });
    expect(Array.from(modalityValues(img.frames[0]!, img.pixel, img.modalityLut))).toEqual([10, 10, 20, 30, 30]);
  });

  it('renders window, then inverts for MONOCHROME1 / INVERSE', () => {
    const frame = Uint16Array.of(0, 45, 50, 55, 4095);
    const voi: Voi = { kind: 'window', center: 50, width: 10, function: 'LINEAR_EXACT' };
    const plain = renderDisplay(image(frame, { vois: [voi] }));
    expect(Array.from(plain)).toEqual([0, 0, 128, 255, 255]);
    const inverted = renderDisplay(image(frame, { vois: [voi], invert: true }));
    expect(Array.from(inverted)).toEqual([255, 255, 127, 0, 0]);
  });

  it('falls back to the full range of the frame when the file has no VOI', () => {
    const out = renderDisplay(image(Uint16Array.of(100, 150, 200)), { outputBits: 16 });
    expect(Array.from(out)).toEqual([0, 32768, 65535]);
  });
});
